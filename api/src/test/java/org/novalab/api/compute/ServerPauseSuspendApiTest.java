package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * Nova's {@code pause}/{@code unpause} and {@code suspend}/{@code resume} server actions: the states they move a
 * server through, the states they start from (Nova's 409 otherwise), who may ask, a locked server, the instance
 * actions recorded, and what the other actions and a delete do with a paused or suspended server.
 */
class ServerPauseSuspendApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;
    static Api reader;
    static Api outsider;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String plum = users.project("plum");
        users.user("pia", plum, "member");
        users.user("pat", plum, "reader");
        users.user("oz", users.project("opal"), "member");
        member = Api.login(server.baseUrl(), "pia", "pw-pia", "plum");
        reader = Api.login(server.baseUrl(), "pat", "pw-pat", "plum");
        outsider = Api.login(server.baseUrl(), "oz", "pw-oz", "opal");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        compute.actionGate.countDown();
        TestServers.deleteEveryServer(server, admin);
    }

    static String active() throws Exception {
        String id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "p")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response act(Api who, String id, String action) {
        return who.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull(action));
    }

    static JsonObject shown(String id) {
        return member.get("/v2.1/servers/" + id).json().getJsonObject("server");
    }

    static void conflict(Api.Response r, String message) {
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().getJsonObject("conflictingRequest").getString("message")).isEqualTo(message);
    }

    static void settledAs(String id, String status, String vmState, int powerState) throws Exception {
        JsonObject s = member.awaitStatus(id, status);
        assertThat(s.getString("OS-EXT-STS:vm_state")).isEqualTo(vmState);
        assertThat(s.getValue("OS-EXT-STS:task_state")).isNull();
        assertThat(s.getInteger("OS-EXT-STS:power_state")).isEqualTo(powerState);
    }

    @Test
    void a_paused_server_is_PAUSED_with_its_guest_stopped_and_unpause_makes_it_ACTIVE_again() throws Exception {
        String id = active();

        assertThat(act(member, id, "pause").status()).isEqualTo(202);
        settledAs(id, "PAUSED", "paused", 3);
        assertThat(compute.paused).contains(UUID.fromString(id));

        assertThat(act(member, id, "unpause").status()).isEqualTo(202);
        settledAs(id, "ACTIVE", "active", 1);
        assertThat(compute.paused).doesNotContain(UUID.fromString(id));
        assertThat(compute.running).contains(UUID.fromString(id));
    }

    @Test
    void a_suspended_server_is_SUSPENDED_and_shut_down_and_resume_makes_it_ACTIVE_again() throws Exception {
        String id = active();

        assertThat(act(member, id, "suspend").status()).isEqualTo(202);
        settledAs(id, "SUSPENDED", "suspended", 4);
        assertThat(compute.saved).contains(UUID.fromString(id));
        assertThat(compute.running).doesNotContain(UUID.fromString(id));

        assertThat(act(member, id, "resume").status()).isEqualTo(202);
        settledAs(id, "ACTIVE", "active", 1);
        assertThat(compute.running).contains(UUID.fromString(id));
    }

    @Test
    void each_action_is_recorded_with_the_hosts_event() throws Exception {
        String id = active();
        for (String[] step : new String[][] {{"pause", "PAUSED"}, {"unpause", "ACTIVE"}, {"suspend", "SUSPENDED"},
                {"resume", "ACTIVE"}}) {
            assertThat(act(member, id, step[0]).status()).isEqualTo(202);
            member.awaitStatus(id, step[1]);
        }
        server.awaitIdle();

        JsonObject history = member.get("/v2.1/servers/" + id + "/os-instance-actions").json();
        assertThat(history.getJsonArray("instanceActions").stream().map(a -> ((JsonObject) a).getString("action")))
                .containsExactly("resume", "suspend", "unpause", "pause", "create");
        for (Object o : history.getJsonArray("instanceActions")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("action").equals("create")) {
                continue;
            }
            JsonObject detail = member.send("GET", "/v2.1/servers/" + id + "/os-instance-actions/"
                    + a.getString("request_id"), null, Map.of("OpenStack-API-Version", "compute 2.51")).json()
                    .getJsonObject("instanceAction");
            assertThat(detail.getJsonArray("events")).singleElement().satisfies(e -> {
                assertThat(((JsonObject) e).getString("event"))
                        .isEqualTo("compute_" + a.getString("action") + "_instance");
                assertThat(((JsonObject) e).getString("result")).isEqualTo("Success");
            });
        }
    }

    @Test
    void each_action_starts_only_where_nova_lets_it_with_novas_409_otherwise() throws Exception {
        String id = active();
        conflict(act(member, id, "unpause"), "Cannot 'unpause' instance " + id + " while it is in vm_state active");
        conflict(act(member, id, "resume"), "Cannot 'resume' instance " + id + " while it is in vm_state active");

        act(member, id, "pause");
        member.awaitStatus(id, "PAUSED");
        conflict(act(member, id, "pause"), "Cannot 'pause' instance " + id + " while it is in vm_state paused");
        conflict(act(member, id, "suspend"), "Cannot 'suspend' instance " + id + " while it is in vm_state paused");
        conflict(act(member, id, "os-stop"), "Cannot 'stop' instance " + id + " while it is in vm_state paused");
        conflict(act(member, id, "os-start"), "Cannot 'start' instance " + id + " while it is in vm_state paused");
        act(member, id, "unpause");
        member.awaitStatus(id, "ACTIVE");

        act(member, id, "suspend");
        member.awaitStatus(id, "SUSPENDED");
        conflict(act(member, id, "suspend"), "Cannot 'suspend' instance " + id + " while it is in vm_state suspended");
        conflict(act(member, id, "pause"), "Cannot 'pause' instance " + id + " while it is in vm_state suspended");
        conflict(act(member, id, "unpause"), "Cannot 'unpause' instance " + id + " while it is in vm_state suspended");
        conflict(act(member, id, "os-start"), "Cannot 'start' instance " + id + " while it is in vm_state suspended");
        act(member, id, "resume");
        member.awaitStatus(id, "ACTIVE");

        act(member, id, "os-stop");
        member.awaitStatus(id, "SHUTOFF");
        conflict(act(member, id, "pause"), "Cannot 'pause' instance " + id + " while it is in vm_state stopped");
        conflict(act(member, id, "suspend"), "Cannot 'suspend' instance " + id + " while it is in vm_state stopped");
    }

    @Test
    void a_hard_reboot_boots_a_paused_or_suspended_server_again_and_a_soft_one_is_refused() throws Exception {
        String paused = active();
        String suspended = active();
        act(member, paused, "pause");
        act(member, suspended, "suspend");
        member.awaitStatus(paused, "PAUSED");
        member.awaitStatus(suspended, "SUSPENDED");

        for (String id : new String[] {paused, suspended}) {
            String vmState = shown(id).getString("OS-EXT-STS:vm_state");
            conflict(member.post("/v2.1/servers/" + id + "/action", "{\"reboot\": {\"type\": \"SOFT\"}}"),
                    "Cannot 'reboot' instance " + id + " while it is in vm_state " + vmState);
            assertThat(member.post("/v2.1/servers/" + id + "/action", "{\"reboot\": {\"type\": \"HARD\"}}")
                    .status()).isEqualTo(202);
        }
        settledAs(paused, "ACTIVE", "active", 1);
        settledAs(suspended, "ACTIVE", "active", 1);
        assertThat(compute.saved).doesNotContain(UUID.fromString(suspended));
        assertThat(compute.paused).doesNotContain(UUID.fromString(paused));
    }

    @Test
    void an_active_server_shows_HARD_REBOOT_while_it_reboots_hard() throws Exception {
        String id = active();
        compute.actionGate = new CountDownLatch(1);
        assertThat(member.post("/v2.1/servers/" + id + "/action", "{\"reboot\": {\"type\": \"HARD\"}}").status())
                .isEqualTo(202);
        assertThat(shown(id).getString("status")).isEqualTo("HARD_REBOOT");
        assertThat(shown(id).getString("OS-EXT-STS:task_state")).isEqualTo("rebooting_hard");
        compute.actionGate.countDown();
        settledAs(id, "ACTIVE", "active", 1);
    }

    @Test
    void a_second_request_while_the_host_pauses_gets_the_task_states_409() throws Exception {
        String id = active();
        compute.actionGate = new CountDownLatch(1);
        assertThat(act(member, id, "pause").status()).isEqualTo(202);
        assertThat(shown(id).getString("OS-EXT-STS:task_state")).isEqualTo("pausing");
        assertThat(shown(id).getString("status")).isEqualTo("ACTIVE");

        conflict(act(member, id, "suspend"), "Cannot 'suspend' instance " + id + " while it is in task_state pausing");
        compute.actionGate.countDown();
        settledAs(id, "PAUSED", "paused", 3);
    }

    @Test
    void an_unknown_server_or_another_projects_is_a_404_and_a_reader_gets_novas_403() throws Exception {
        String id = active();
        String missing = UUID.randomUUID().toString();
        for (String action : new String[] {"pause", "unpause", "suspend", "resume"}) {
            Api.Response unknown = act(member, missing, action);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().getJsonObject("itemNotFound").getString("message"))
                    .isEqualTo("Instance " + missing + " could not be found.");
            assertThat(act(outsider, id, action).status()).isEqualTo(404);
        }
        String[][] rules = {{"pause", "os-pause-server:pause"}, {"unpause", "os-pause-server:unpause"},
                {"suspend", "os-suspend-server:suspend"}, {"resume", "os-suspend-server:resume"}};
        for (String[] rule : rules) {
            Api.Response refused = act(reader, id, rule[0]);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().getJsonObject("forbidden").getString("message"))
                    .isEqualTo("Policy doesn't allow os_compute_api:" + rule[1] + " to be performed.");
        }
        assertThat(shown(id).getString("status")).isEqualTo("ACTIVE");
        assertThat(act(admin, id, "pause").status()).as("an admin pauses any project's server").isEqualTo(202);
        member.awaitStatus(id, "PAUSED");
    }

    @Test
    void a_locked_server_is_neither_paused_nor_suspended_by_its_members_but_by_an_admin() throws Exception {
        String id = active();
        assertThat(act(member, id, "lock").status()).isEqualTo(202);
        conflict(act(member, id, "pause"), "Instance " + id + " is locked");
        conflict(act(member, id, "suspend"), "Instance " + id + " is locked");

        assertThat(act(admin, id, "suspend").status()).isEqualTo(202);
        member.awaitStatus(id, "SUSPENDED");
        conflict(act(member, id, "resume"), "Instance " + id + " is locked");
        assertThat(act(admin, id, "resume").status()).isEqualTo(202);
        member.awaitStatus(id, "ACTIVE");
    }

    @Test
    void a_paused_or_suspended_server_keeps_its_metadata_changeable_and_is_found_by_its_status() throws Exception {
        String paused = active();
        String suspended = active();
        act(member, paused, "pause");
        act(member, suspended, "suspend");
        member.awaitStatus(paused, "PAUSED");
        member.awaitStatus(suspended, "SUSPENDED");

        for (String id : new String[] {paused, suspended}) {
            assertThat(member.post("/v2.1/servers/" + id + "/metadata", new JsonObject().put("metadata",
                    new JsonObject().put("k", "v"))).status()).isEqualTo(200);
        }
        assertThat(member.get("/v2.1/servers?status=PAUSED").json().getJsonArray("servers").stream()
                .map(s -> ((JsonObject) s).getString("id"))).containsExactly(paused);
        assertThat(member.get("/v2.1/servers?status=SUSPENDED").json().getJsonArray("servers").stream()
                .map(s -> ((JsonObject) s).getString("id"))).containsExactly(suspended);
    }

    @Test
    void a_paused_or_suspended_server_is_deleted_with_its_domain() throws Exception {
        String paused = active();
        String suspended = active();
        act(member, paused, "pause");
        act(member, suspended, "suspend");
        member.awaitStatus(paused, "PAUSED");
        member.awaitStatus(suspended, "SUSPENDED");

        assertThat(member.delete("/v2.1/servers/" + paused).status()).isEqualTo(204);
        assertThat(member.delete("/v2.1/servers/" + suspended).status()).isEqualTo(204);
        member.awaitGone(paused);
        member.awaitGone(suspended);

        for (String id : new String[] {paused, suspended}) {
            UUID uuid = UUID.fromString(id);
            assertThat(compute.domains).doesNotContainKey(uuid);
            assertThat(compute.paused).doesNotContain(uuid);
            assertThat(compute.saved).doesNotContain(uuid);
        }
    }
}
