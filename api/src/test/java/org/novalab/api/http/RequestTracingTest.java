package org.novalab.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.slf4j.LoggerFactory;

/**
 * Every answer names its request as OpenStack's services do ({@code x-openstack-request-id}, and on the compute API
 * {@code x-compute-request-id}), and the access log holds one line per request that an operator can match to it:
 * method, route, status, milliseconds, request id, project; never a token or a password.
 */
class RequestTracingTest {
    private static final Pattern REQUEST_ID =
            Pattern.compile("req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    @TempDir
    Path state;
    NovalabServer server;
    Lines access = new Lines();
    Logger accessLogger = (Logger) LoggerFactory.getLogger("novalab.access");

    @BeforeEach
    void start() throws Exception {
        access.start();
        accessLogger.addAppender(access);
        server = TestServers.start(TestServers.config(state), new FakeCompute());
    }

    @AfterEach
    void stop() {
        server.close();
        accessLogger.detachAppender(access);
    }

    @Test
    void every_answer_carries_a_fresh_request_id_whatever_its_service_and_status() {
        String base = server.baseUrl();
        Api anonymous = Api.anonymous(base);
        Api admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        List<Api.Response> answers = List.of(
                anonymous.send("POST", "/identity/v3/auth/tokens",
                        Api.passwordAuth("admin", TestServers.ADMIN_PASSWORD, "demo"), Map.of()),
                anonymous.get("/identity"),
                admin.get("/v2/images"),
                admin.get("/image/v2/images/" + UUID.randomUUID()),
                anonymous.get("/v2.1/servers"),
                admin.post("/v2.1/servers", "{not json"),
                admin.get("/no/such/thing"));

        assertThat(answers).extracting(Api.Response::status).containsExactly(201, 300, 200, 404, 401, 400, 404);
        Set<String> ids = new HashSet<>();
        for (Api.Response answer : answers) {
            assertThat(answer.header(RequestId.HEADER)).as(answer.body()).matches(REQUEST_ID);
            ids.add(answer.header(RequestId.HEADER));
        }
        assertThat(ids).as("one id per request").hasSize(answers.size());
    }

    @Test
    void compute_answers_also_carry_novas_own_header_with_the_same_id_and_other_services_do_not() {
        Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");

        Api.Response servers = admin.get("/v2.1/servers");
        Api.Response images = admin.get("/v2/images");

        assertThat(servers.header(RequestId.COMPUTE_HEADER)).isEqualTo(servers.header(RequestId.HEADER));
        assertThat(images.header(RequestId.COMPUTE_HEADER)).isNull();
    }

    @Test
    void a_callers_valid_request_id_becomes_the_global_id_in_the_log_and_a_malformed_one_is_ignored()
            throws Exception {
        Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        String global = "req-" + UUID.randomUUID();

        Api.Response followed = admin.send("GET", "/v2.1/flavors", null, Map.of(RequestId.HEADER, global));
        Api.Response forged = admin.send("GET", "/v2.1/flavors", null,
                Map.of(RequestId.HEADER, "req-x project=admin-of-everything"));

        assertThat(followed.header(RequestId.HEADER)).isNotEqualTo(global).matches(REQUEST_ID);
        assertThat(lineFor(followed)).endsWith(" global_request_id=" + global);
        assertThat(forged.header(RequestId.HEADER)).matches(REQUEST_ID);
        assertThat(lineFor(forged)).doesNotContain("global_request_id").doesNotContain("admin-of-everything");
    }

    @Test
    void the_access_log_names_route_status_duration_request_and_project_of_each_request() throws Exception {
        Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        String project = admin.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", admin.token()))
                .json().getJsonObject("token").getJsonObject("project").getString("id");
        String missing = UUID.randomUUID().toString();

        Api.Response show = admin.get("/v2.1/servers/" + missing);
        Api.Response detail = admin.get("/v2.1/servers/detail");
        Api.Response unknown = admin.get("/v2.1/no-such-collection");

        assertThat(lineFor(show)).as("the route's template, not the path; an error answer's reason last")
                .matches("GET /v2\\.1/servers/:id 404 \\d+\\.\\d\\d ms "
                + Pattern.quote(show.header(RequestId.HEADER)) + " project=" + project + " user=\\S+"
                + Pattern.quote(" reason=\"Instance " + missing + " could not be found.\""));
        assertThat(lineFor(detail)).startsWith("GET /v2.1/servers/detail 200 ");
        assertThat(lineFor(unknown)).as("a path no route answers is still logged, as no route")
                .startsWith("GET - 404 ");
    }

    @Test
    void no_token_or_password_reaches_the_access_log() throws Exception {
        String base = server.baseUrl();
        Api admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        Api.Response created = admin.post("/identity/v3/users", new JsonObject().put("user",
                new JsonObject().put("name", "student").put("password", "student-password-42")));
        assertThat(created.status()).isEqualTo(201);
        Api.Response validated = admin.send("GET", "/identity/v3/auth/tokens", null,
                Map.of("X-Subject-Token", admin.token()));
        Api.Response refused = Api.anonymous(base).send("GET", "/v2.1/servers?token=" + admin.token(), null,
                Map.of("X-Auth-Token", "not-" + admin.token()));

        String log = String.join("\n", lineFor(created), lineFor(validated), lineFor(refused));
        assertThat(log).doesNotContain(admin.token()).doesNotContain("student-password-42")
                .doesNotContain(TestServers.ADMIN_PASSWORD).doesNotContain("token=");
        assertThat(lineFor(refused)).startsWith("GET /v2.1/servers 401 ").contains("project=- user=-");
    }

    /** The access line of an answer: written once the answer is, so it may trail the client by a moment. */
    private String lineFor(Api.Response answer) throws InterruptedException {
        String id = answer.header(RequestId.HEADER);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = access.lines.stream().filter(line -> line.contains(" " + id)).toList();
            if (!lines.isEmpty()) {
                assertThat(lines).as("one line per request").hasSize(1);
                return lines.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no access log line for " + id + " in " + access.lines);
    }

    /** Collects the lines of the event loop's threads where the test thread can read them. */
    private static final class Lines extends AppenderBase<ILoggingEvent> {
        final Queue<String> lines = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getFormattedMessage());
        }
    }
}
