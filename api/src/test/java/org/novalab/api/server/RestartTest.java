package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.state.PowerState;

/** Everything novalab knows survives a stop and a start on the same state dir. */
class RestartTest {
    @TempDir
    Path state;

    private static JsonObject body(String name, String image, String flavor) {
        return new JsonObject().put("server", new JsonObject().put("name", name).put("imageRef", image)
                .put("flavorRef", flavor).put("networks", "none"));
    }

    @Test
    void servers_users_flavors_and_states_are_still_there_after_a_restart() throws Exception {
        String active;
        String stopped;
        String flavor;
        try (NovalabServer first = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            active = admin.post("/v2.1/servers", body("keeps-running", TestServers.CIRROS, "101")).json()
                    .getJsonObject("server").getString("id");
            stopped = admin.post("/v2.1/servers", body("stays-off", TestServers.CIRROS, "1")).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(active, "ACTIVE");
            admin.awaitStatus(stopped, "ACTIVE");
            admin.post("/v2.1/servers/" + stopped + "/action", "{\"os-stop\": null}");
            admin.awaitStatus(stopped, "SHUTOFF");
            flavor = admin.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject().put("name", "kept")
                    .put("ram", 64).put("vcpus", 1).put("disk", 1))).json().getJsonObject("flavor").getString("id");
        }

        try (NovalabServer second = TestServers.start(TestServers.config(state).withAdminPassword(null),
                new FakeCompute())) {
            assertThat(second.generatedAdminPassword()).as("no new password on a later start").isEmpty();
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject a = admin.get("/v2.1/servers/" + active).json().getJsonObject("server");
            assertThat(a.getString("status")).isEqualTo("ACTIVE");
            assertThat(a.getString("name")).isEqualTo("keeps-running");
            assertThat(a.getString("flavor.id", a.getJsonObject("flavor").getString("id"))).isEqualTo("101");
            JsonObject s = admin.get("/v2.1/servers/" + stopped).json().getJsonObject("server");
            assertThat(s.getString("status")).isEqualTo("SHUTOFF");
            assertThat(s.getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
            assertThat(admin.get("/v2.1/flavors/" + flavor).status()).isEqualTo(200);
        }
    }

    @Test
    void a_second_server_on_the_same_state_dir_is_refused_while_the_first_runs() throws Exception {
        try (NovalabServer first = TestServers.start(TestServers.config(state), new FakeCompute())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServers.start(TestServers.config(state),
                    new FakeCompute())).hasMessageContaining("already running on state dir");
            assertThat(Api.anonymous(first.baseUrl()).get("/v2.1").status()).isEqualTo(200);
        }
        TestServers.start(TestServers.config(state), new FakeCompute()).close();
    }

    @Test
    void a_build_cut_short_by_a_restart_ends_in_error_with_a_fault_not_stuck_in_build() throws Exception {
        FakeCompute hanging = new FakeCompute();
        hanging.gate = new CountDownLatch(1);
        String id;
        try (NovalabServer first = TestServers.start(TestServers.config(state), hanging)) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = admin.post("/v2.1/servers", body("interrupted", TestServers.CIRROS, "1")).json().getJsonObject("server")
                    .getString("id");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"spawning".equals(admin.get("/v2.1/servers/" + id).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                    .isEqualTo("BUILD");
        }

        try (NovalabServer second = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject vm = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
            assertThat(vm.getString("status")).isEqualTo("ERROR");
            assertThat(vm.getJsonObject("fault").getString("message")).contains("restarted during the build");
            assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
            admin.awaitGone(id);
        }
    }

    @Test
    void an_instance_recorded_without_a_host_belongs_to_the_servers_host_after_a_restart() throws Exception {
        String id;
        try (NovalabServer first = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = admin.post("/v2.1/servers", body("from-before", TestServers.CIRROS, "1")).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
        }
        // earlier versions recorded the host only when a build succeeded
        org.novalab.api.persistence.DatabaseConfig db = TestServers.config(state).database().resolved();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password())) {
            c.createStatement().executeUpdate("UPDATE instances SET host = NULL");
        }
        try (NovalabServer second = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server")
                    .getString("OS-EXT-SRV-ATTR:host")).isEqualTo(TestServers.HOST);
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}").status()).isEqualTo(202);
            admin.awaitStatus(id, "SHUTOFF");
            assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
            admin.awaitGone(id);
        }
    }

    @Test
    void a_paused_or_suspended_server_stays_so_across_a_restart_and_a_pause_cut_short_leaves_it_active()
            throws Exception {
        FakeCompute hanging = new FakeCompute();
        String paused;
        String suspended;
        String cutShort;
        try (NovalabServer first = TestServers.start(TestServers.config(state), hanging)) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            paused = admin.post("/v2.1/servers", body("paused", TestServers.CIRROS, "1")).json()
                    .getJsonObject("server").getString("id");
            suspended = admin.post("/v2.1/servers", body("suspended", TestServers.CIRROS, "1")).json()
                    .getJsonObject("server").getString("id");
            cutShort = admin.post("/v2.1/servers", body("cut-short", TestServers.CIRROS, "1")).json()
                    .getJsonObject("server").getString("id");
            for (String id : new String[] {paused, suspended, cutShort}) {
                admin.awaitStatus(id, "ACTIVE");
            }
            admin.post("/v2.1/servers/" + paused + "/action", "{\"pause\": null}");
            admin.post("/v2.1/servers/" + suspended + "/action", "{\"suspend\": null}");
            admin.awaitStatus(paused, "PAUSED");
            admin.awaitStatus(suspended, "SUSPENDED");
            hanging.actionGate = new CountDownLatch(1); // the host never finishes this pause: novalab is killed
            assertThat(admin.post("/v2.1/servers/" + cutShort + "/action", "{\"pause\": null}").status())
                    .isEqualTo(202);
            assertThat(admin.get("/v2.1/servers/" + cutShort).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state")).isEqualTo("pausing");
        }

        FakeCompute restarted = new FakeCompute();
        try (NovalabServer second = TestServers.start(TestServers.config(state), restarted)) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject p = admin.get("/v2.1/servers/" + paused).json().getJsonObject("server");
            assertThat(p.getString("status")).isEqualTo("PAUSED");
            assertThat(p.getInteger("OS-EXT-STS:power_state")).isEqualTo(3);
            JsonObject s = admin.get("/v2.1/servers/" + suspended).json().getJsonObject("server");
            assertThat(s.getString("status")).isEqualTo("SUSPENDED");
            assertThat(s.getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
            JsonObject c = admin.get("/v2.1/servers/" + cutShort).json().getJsonObject("server");
            assertThat(c.getString("status")).isEqualTo("ACTIVE");
            assertThat(c.getValue("OS-EXT-STS:task_state")).isNull();
            // the host was told to put each domain back as the table has it
            assertThat(restarted.reconciled).contains(
                    new KnownInstance(UUID.fromString(paused), "instance-" + hex(p), PowerState.PAUSED),
                    KnownInstance.suspended(UUID.fromString(suspended), "instance-" + hex(s)),
                    new KnownInstance(UUID.fromString(cutShort), "instance-" + hex(c), PowerState.RUNNING));

            admin.post("/v2.1/servers/" + paused + "/action", "{\"unpause\": null}");
            admin.post("/v2.1/servers/" + suspended + "/action", "{\"resume\": null}");
            assertThat(admin.post("/v2.1/servers/" + cutShort + "/action", "{\"pause\": null}").status())
                    .isEqualTo(202);
            admin.awaitStatus(paused, "ACTIVE");
            admin.awaitStatus(suspended, "ACTIVE");
            admin.awaitStatus(cutShort, "PAUSED");
        }
    }

    /** The instance number part of the domain name Nova gives it ({@code OS-EXT-SRV-ATTR:instance_name}). */
    private static String hex(JsonObject server) {
        return server.getString("OS-EXT-SRV-ATTR:instance_name").substring("instance-".length());
    }
}
