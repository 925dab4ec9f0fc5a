package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * A restart in the middle of a resize leaves no server in a task state: a resize cut short is undone (its host
 * reverts it; the server has its old flavor, a fault says why, the migration is in error), a resize waiting for its
 * confirmation still waits, and a revert cut short is finished.
 */
class ResizeRestartTest {
    @TempDir
    Path state;

    static String server(Api api, String name) throws Exception {
        String id = api.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        api.awaitStatus(id, "ACTIVE");
        return id;
    }

    /** Until the host has taken the step (the task state it holds while the driver works). */
    static void awaitTask(Api api, String id, String task) throws InterruptedException {
        for (int n = 0; n < 500; n++) {
            if (task.equals(api.get("/v2.1/servers/" + id).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(id + " never reached task_state " + task);
    }

    static void resize(Api api, String id) {
        assertThat(api.post("/v2.1/servers/" + id + "/action", new JsonObject().put("resize",
                new JsonObject().put("flavorRef", "2"))).status()).isEqualTo(202);
    }

    @Test
    void a_resize_cut_short_is_undone_a_waiting_one_waits_and_a_revert_cut_short_is_finished() throws Exception {
        String cutShort;
        String waiting;
        String reverting;
        FakeCompute hanging = new FakeCompute();
        try (NovalabServer first = TestServers.start(TestServers.config(state), hanging)) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            cutShort = server(admin, "cut-short");
            waiting = server(admin, "waiting");
            reverting = server(admin, "reverting");
            resize(admin, waiting);
            resize(admin, reverting);
            admin.awaitStatus(waiting, "VERIFY_RESIZE");
            admin.awaitStatus(reverting, "VERIFY_RESIZE");
            hanging.actionGate = new CountDownLatch(1); // these host steps never finish: novalab is killed
            resize(admin, cutShort);
            assertThat(admin.post("/v2.1/servers/" + reverting + "/action", new JsonObject().putNull("revertResize"))
                    .status()).isEqualTo(202);
            awaitTask(admin, cutShort, "resize_migrating");
            awaitTask(admin, reverting, "resize_reverting");
        }
        FakeCompute restarted = new FakeCompute();
        try (NovalabServer second = TestServers.start(TestServers.config(state).withAdminPassword(null), restarted)) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");

            JsonObject undone = admin.awaitStatus(cutShort, "ACTIVE");
            assertThat(undone.getJsonObject("flavor").getString("id")).isEqualTo("1");
            assertThat(restarted.resizes).noneMatch(r -> r.uuid().equals(UUID.fromString(cutShort)));
            assertThat(admin.awaitStatus(waiting, "VERIFY_RESIZE").getJsonObject("flavor").getString("id"))
                    .isEqualTo("2");
            JsonObject reverted = admin.awaitStatus(reverting, "ACTIVE");
            assertThat(reverted.getJsonObject("flavor").getString("id")).isEqualTo("1");
            assertThat(restarted.running).contains(UUID.fromString(cutShort), UUID.fromString(reverting),
                    UUID.fromString(waiting));
            Map<String, String> statuses = new java.util.HashMap<>();
            admin.get("/v2.1/os-migrations").json().getJsonArray("migrations").forEach(o -> statuses.put(
                    ((JsonObject) o).getString("instance_uuid"), ((JsonObject) o).getString("status")));
            assertThat(statuses).containsEntry(cutShort, "error").containsEntry(waiting, "finished")
                    .containsEntry(reverting, "reverted");
            assertThat(admin.post("/v2.1/servers/" + waiting + "/action", new JsonObject().putNull("confirmResize"))
                    .status()).isEqualTo(204);
            admin.awaitStatus(waiting, "ACTIVE");
        }
    }
}
