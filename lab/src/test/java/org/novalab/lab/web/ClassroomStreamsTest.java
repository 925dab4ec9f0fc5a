package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.TestServers;

/** The classroom's two streams: instance events as rows change, and the lab's cases as they are observed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassroomStreamsTest {
    @TempDir
    static Path state;
    LabServer lab;
    Api admin;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        lab = new LabServer(state);
        admin = lab.admin();
    }

    @AfterAll
    void stop() {
        lab.close();
    }

    private HttpResponse<Stream<String>> open(String method, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(lab.baseUrl() + path)).header("X-Auth-Token", token)
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("POST") ? "{}" : ""))
                .build(), HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void a_create_an_error_and_a_delete_each_reach_an_open_event_stream() throws Exception {
        HttpResponse<Stream<String>> events = open("GET", "/novalab/v1/classroom/events", admin.token());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> events.body().forEach(lines::add), "classroom-events");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(next(lines, "event: ")).isEqualTo("event: hello");
            assertThat(next(lines, "data: ")).isEqualTo("data: {}");
            String liar = TestServers.uploadImage(admin, "claims-qcow2", "qcow2", new byte[65536], Map.of());
            Api.Response made = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                    .put("name", "doomed").put("imageRef", liar).put("flavorRef", "1").put("networks", "none")));
            assertThat(made.status()).as(made.body()).isEqualTo(202);
            String id = made.json().getJsonObject("server").getString("id");
            assertThat(next(lines, "data: ")).isEqualTo("data: {\"uuid\":\"" + id + "\"}");
            admin.awaitStatus(id, "ERROR");
            admin.delete("/v2.1/servers/" + id);
            admin.awaitGone(id);
            lab.awaitIdle();
            // create, scheduling -> spawning, error, deleting, gone: every one announced
            int announced = 1;
            while (next(lines, "data: ", 2) != null) {
                announced++;
            }
            assertThat(announced).isGreaterThanOrEqualTo(4);
        } finally {
            events.body().close();
            reader.interrupt();
        }
    }

    @Test
    void only_admins_may_listen() throws Exception {
        assertThat(open("GET", "/novalab/v1/classroom/events", lab.member("pupil").token()).statusCode())
                .isEqualTo(403);
        assertThat(open("GET", "/novalab/v1/classroom/events", "not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void the_lab_streams_one_line_per_case_then_the_report() throws Exception {
        HttpResponse<Stream<String>> r = open("POST", "/novalab/v1/classroom/lab", admin.token());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonObject> lines = r.body().map(JsonObject::new).toList();
        List<JsonObject> cases = lines.stream().filter(l -> "case".equals(l.getString("type"))).toList();
        assertThat(cases).hasSize(14);
        assertThat(cases).extracting(c -> c.getInteger("done")).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 14).boxed().toList());
        assertThat(cases).allSatisfy(c -> assertThat(c.getInteger("total")).isEqualTo(14));
        JsonObject report = lines.get(lines.size() - 1);
        assertThat(report.getString("type")).isEqualTo("report");
        assertThat(report.getInteger("matching")).isEqualTo(14);
        assertThat(report.getJsonArray("cases")).hasSize(14);
    }

    private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        String line = next(lines, prefix, 30);
        assertThat(line).as("a line starting with " + prefix).isNotNull();
        return line;
    }

    private static String next(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }
}
