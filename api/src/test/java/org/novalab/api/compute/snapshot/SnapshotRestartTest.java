package org.novalab.api.compute.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * A restart in the middle of a snapshot leaves no server stuck: the next start clears its task state (Nova's
 * {@code init_host} does the same for the image task states), the server keeps its state, takes actions again, and
 * the image that never got its data is not active (Glance's recovery puts it back to queued).
 */
class SnapshotRestartTest {
    @TempDir
    Path state;

    @Test
    void a_snapshot_cut_short_by_a_restart_leaves_the_server_active_with_no_task_and_the_image_without_data()
            throws Exception {
        HangingSnapshots hanging = new HangingSnapshots();
        String id;
        String imageId;
        try (NovalabServer first = TestServers.start(TestServers.config(state), hanging)) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "cut")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
            Api.Response r = admin.send("POST", "/v2.1/servers/" + id + "/action", new JsonObject().put("createImage",
                    new JsonObject().put("name", "cut-snap")).encode(), Map.of("X-OpenStack-Nova-API-Version", "2.45"));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            imageId = r.json().getString("image_id");
            assertThat(hanging.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state")).isEqualTo("image_pending_upload");
        }

        try (NovalabServer second = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject server = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
            assertThat(server.getString("status")).isEqualTo("ACTIVE");
            assertThat(server.getValue("OS-EXT-STS:task_state")).isNull();
            assertThat(admin.get("/v2/images/" + imageId).json().getString("status")).isEqualTo("queued");
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}").status()).isEqualTo(202);
            admin.awaitStatus(id, "SHUTOFF");
        }
    }
}
