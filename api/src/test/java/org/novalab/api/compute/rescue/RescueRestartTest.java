package org.novalab.api.compute.rescue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.state.PowerState;

/** A restart keeps a rescued server rescued (its domain put back running) and undoes a rescue it cut short. */
class RescueRestartTest {
    @TempDir
    Path state;

    @Test
    void a_rescued_server_stays_rescued_across_a_restart_and_one_cut_short_is_active_again() throws Exception {
        FakeCompute hanging = new FakeCompute();
        String rescued;
        String cutShort;
        try (NovalabServer first = TestServers.start(TestServers.config(state), hanging)) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            rescued = create(admin, "rescued");
            cutShort = create(admin, "cut-short");
            admin.awaitStatus(rescued, "ACTIVE");
            admin.awaitStatus(cutShort, "ACTIVE");
            admin.post("/v2.1/servers/" + rescued + "/action", "{\"rescue\": null}");
            admin.awaitStatus(rescued, "RESCUE");
            hanging.actionGate = new CountDownLatch(1); // the host never finishes this rescue: novalab is killed
            assertThat(admin.post("/v2.1/servers/" + cutShort + "/action", "{\"rescue\": null}").status())
                    .isEqualTo(200);
            JsonObject c = admin.get("/v2.1/servers/" + cutShort).json().getJsonObject("server");
            assertThat(c.getString("OS-EXT-STS:task_state")).isEqualTo("rescuing");
            assertThat(c.getString("status")).isEqualTo("RESCUE");
        }

        FakeCompute restarted = new FakeCompute();
        try (NovalabServer second = TestServers.start(TestServers.config(state), restarted)) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject r = admin.get("/v2.1/servers/" + rescued).json().getJsonObject("server");
            assertThat(r.getString("status")).isEqualTo("RESCUE");
            assertThat(r.getString("OS-EXT-STS:vm_state")).isEqualTo("rescued");
            JsonObject c = admin.get("/v2.1/servers/" + cutShort).json().getJsonObject("server");
            assertThat(c.getString("status")).isEqualTo("ACTIVE");
            assertThat(c.getValue("OS-EXT-STS:task_state")).isNull();
            assertThat(restarted.reconciled).contains(
                    new KnownInstance(UUID.fromString(rescued), r.getString("OS-EXT-SRV-ATTR:instance_name"),
                            PowerState.RUNNING),
                    new KnownInstance(UUID.fromString(cutShort), c.getString("OS-EXT-SRV-ATTR:instance_name"),
                            PowerState.RUNNING));

            restarted.rescued.put(UUID.fromString(rescued), TestServers.CIRROS); // the domain reconcile put back
            assertThat(admin.post("/v2.1/servers/" + rescued + "/action", "{\"unrescue\": null}").status())
                    .isEqualTo(202);
            admin.awaitStatus(rescued, "ACTIVE");
        }
    }

    private static String create(Api admin, String name) {
        return admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
    }
}
