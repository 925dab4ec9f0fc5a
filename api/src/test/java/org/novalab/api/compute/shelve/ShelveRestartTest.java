package org.novalab.api.compute.shelve;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.snapshot.SnapshotFailed;
import org.novalab.compute.snapshot.SnapshotImage;

/**
 * A restart in the middle of a shelve leaves no server stuck: the next start clears its shelving task state, the
 * server keeps its state and takes actions again.
 */
class ShelveRestartTest {
    @TempDir
    Path state;

    @Test
    void a_shelve_cut_short_by_a_restart_leaves_the_server_active_with_no_task() throws Exception {
        HangingShelves hanging = new HangingShelves();
        String id;
        try (NovalabServer first = TestServers.start(TestServers.config(state), hanging)) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "cut")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"shelve\": null}").status()).isEqualTo(202);
            assertThat(hanging.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state")).isEqualTo("shelving_image_pending_upload");
        }

        try (NovalabServer second = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject server = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
            assertThat(server.getString("status")).isEqualTo("ACTIVE");
            assertThat(server.getValue("OS-EXT-STS:task_state")).isNull();
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}").status()).isEqualTo(202);
            admin.awaitStatus(id, "SHUTOFF");
        }
    }

    /** The fake driver whose snapshots never finish: what a host killed in the middle of a shelve leaves. */
    static final class HangingShelves extends FakeCompute {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch never = new CountDownLatch(1);

        @Override
        public SnapshotImage snapshot(UUID instance, String imageId) {
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SnapshotFailed("interrupted");
        }
    }
}
