package org.novalab.api.compute.adminpass;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * Nova's {@code changePassword} action: 202 without a body when the guest agent set it; Nova's 409 for an image
 * without {@code hw_qemu_guest_agent}, 501 for an agent that does not answer, 409 for a server that is not active;
 * the task state is cleared whatever the answer, and the password is in no answer, log or file.
 */
class ChangePasswordApiTest {
    static final String PASSWORD = "n3w-Secret-pass";
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    static String active(Map<String, String> imageProperties) throws Exception {
        String image = TestServers.uploadImage(admin, "img", "raw", new byte[1024], imageProperties);
        String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "p")
                .put("imageRef", image).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response change(String id, String password) {
        return admin.post("/v2.1/servers/" + id + "/action",
                new JsonObject().put("changePassword", new JsonObject().put("adminPass", password)));
    }

    static void idle(String id) {
        JsonObject s = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(s.getString("status")).isEqualTo("ACTIVE");
        assertThat(s.getValue("OS-EXT-STS:task_state")).isNull();
    }

    @Test
    void a_guest_whose_image_has_the_agent_gets_the_password_and_the_answer_is_202_without_a_body()
            throws Exception {
        String id = active(Map.of("hw_qemu_guest_agent", "yes"));

        Api.Response r = change(id, PASSWORD);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
        assertThat(compute.passwordsSet).containsEntry(UUID.fromString(id), PASSWORD.length());
        idle(id);
        JsonObject history = admin.get("/v2.1/servers/" + id + "/os-instance-actions").json();
        assertThat(history.getJsonArray("instanceActions").getJsonObject(0).getString("action"))
                .isEqualTo("changePassword");
    }

    @Test
    void without_the_agent_nova_answers_409_and_with_an_agent_that_does_not_answer_501() throws Exception {
        String none = active(Map.of());
        Api.Response r = change(none, PASSWORD);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().getJsonObject("conflictingRequest").getString("message"))
                .isEqualTo("QEMU guest agent is not enabled");
        idle(none);
        // the action is recorded, its event an error (Nova's wrap_instance_event)
        JsonObject action = admin.get("/v2.1/servers/" + none + "/os-instance-actions").json()
                .getJsonArray("instanceActions").getJsonObject(0);
        assertThat(action.getString("action")).isEqualTo("changePassword");
        JsonObject detail = admin.send("GET", "/v2.1/servers/" + none + "/os-instance-actions/"
                + action.getString("request_id"), null, Map.of("OpenStack-API-Version", "compute 2.51")).json()
                .getJsonObject("instanceAction");
        assertThat(detail.getJsonArray("events")).singleElement().satisfies(e -> {
            assertThat(((JsonObject) e).getString("event")).isEqualTo("compute_set_admin_password");
            assertThat(((JsonObject) e).getString("result")).isEqualTo("Error");
        });

        String mute = active(Map.of("hw_qemu_guest_agent", "true", "novalab_test_agent", "unresponsive"));
        Api.Response m = change(mute, PASSWORD);
        assertThat(m.status()).isEqualTo(501);
        assertThat(m.json().getJsonObject("notImplemented").getString("message"))
                .isEqualTo("Unable to set password on instance");
        idle(mute);
    }

    @Test
    void only_an_active_server_changes_its_password_and_the_body_is_nova_s() throws Exception {
        String id = active(Map.of("hw_qemu_guest_agent", "yes"));
        admin.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}");
        admin.awaitStatus(id, "SHUTOFF");

        Api.Response r = change(id, PASSWORD);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().getJsonObject("conflictingRequest").getString("message"))
                .isEqualTo("Cannot 'changePassword' instance " + id + " while it is in vm_state stopped");
        assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"changePassword\": {}}").status())
                .isEqualTo(400);
        Api.Response extra = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().put("changePassword",
                new JsonObject().put("adminPass", PASSWORD).put("user", "root")));
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.body()).doesNotContain(PASSWORD);
    }

    @Test
    void the_password_is_in_no_file_of_the_state_directory() throws Exception {
        String id = active(Map.of("hw_qemu_guest_agent", "yes"));
        assertThat(change(id, PASSWORD).status()).isEqualTo(202);
        server.awaitIdle();

        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(PASSWORD);
            }
        }
    }
}
