package org.novalab.api.compute.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;

/**
 * A snapshot the host cannot take (its root disk is gone from the instance directory) leaves the server as it was, as Nova's
 * {@code reverts_task_state} does: no task, still ACTIVE (not ERROR), the image deleted
 * ({@code delete_image_on_error}) and the instance action's event failed with the reason.
 */
class SnapshotFailureApiTest {
    @TempDir
    Path state;

    @Test
    void a_failed_snapshot_reverts_the_task_deletes_the_image_and_fails_the_event() throws Exception {
        Path node = Files.writeString(state.resolve("test-node.xml"), "<node/>\n");
        try (NovalabServer server = NovalabServer.start(TestServers.config(state).withHypervisorUri("test://" + node),
                new LibvirtComputeServices())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "f")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
            Files.delete(state.resolve(id).resolve("disk"));

            Api.Response r = admin.send("POST", "/v2.1/servers/" + id + "/action", new JsonObject().put("createImage",
                    new JsonObject().put("name", "never")).encode(), Map.of("X-OpenStack-Nova-API-Version", "2.45"));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            String imageId = r.json().getString("image_id");
            server.awaitIdle();

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (admin.get("/v2/images/" + imageId).status() != 404 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(admin.get("/v2/images/" + imageId).status()).as("the image went").isEqualTo(404);
            JsonObject shown = admin.awaitStatus(id, "ACTIVE");
            assertThat(shown.containsKey("fault")).as("Nova shows faults of servers in error only").isFalse();
            String request = admin.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                    .getJsonArray("instanceActions").getJsonObject(0).getString("request_id");
            JsonObject action = admin.get("/v2.1/servers/" + id + "/os-instance-actions/" + request).json()
                    .getJsonObject("instanceAction");
            assertThat(action.getString("action")).isEqualTo("createImage");
            JsonObject event = action.getJsonArray("events").getJsonObject(0);
            assertThat(event.getString("event")).isEqualTo("compute_snapshot_instance");
            assertThat(event.getString("result")).isEqualTo("Error");
        }
    }
}
