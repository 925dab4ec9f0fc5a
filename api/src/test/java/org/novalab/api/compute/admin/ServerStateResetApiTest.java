package org.novalab.api.compute.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
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

/** Nova's {@code os-resetState}: an admin sets a server active or in error and clears its task; nobody else may. */
class ServerStateResetApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        users.user("ida", users.project("iris"), "member");
        member = Api.login(server.baseUrl(), "ida", "pw-ida", "iris");
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
        Api.Response r = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "s")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response reset(Api who, String id, Object state) {
        return who.post("/v2.1/servers/" + id + "/action", new JsonObject().put("os-resetState",
                new JsonObject().put("state", state)));
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    @Test
    void an_admin_puts_a_server_in_error_and_back_and_the_list_filters_by_it() throws Exception {
        String id = active();

        assertThat(reset(admin, id, "error").status()).isEqualTo(202);
        JsonObject failed = member.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(failed.getString("status")).isEqualTo("ERROR");
        assertThat(failed.containsKey("fault")).as("a reset leaves no fault").isFalse();
        assertThat(member.get("/v2.1/servers?status=error").json().getJsonArray("servers").stream()
                .map(o -> ((JsonObject) o).getString("id"))).containsExactly(id);

        assertThat(reset(admin, id, "active").status()).isEqualTo(202);
        assertThat(member.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                .isEqualTo("ACTIVE");
        assertThat(member.get("/v2.1/servers/" + id + "/os-instance-actions").json().getJsonArray("instanceActions")
                .getJsonObject(0).getString("action")).isEqualTo("resetState");
    }

    @Test
    void a_reset_clears_a_task_that_is_stuck_and_the_task_changes_nothing_when_it_ends() throws Exception {
        String id = active();
        compute.actionGate = new CountDownLatch(1);
        assertThat(member.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("os-stop")).status())
                .isEqualTo(202);

        assertThat(reset(admin, id, "active").status()).isEqualTo(202);
        JsonObject reset = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(reset.getValue("OS-EXT-STS:task_state")).isNull();
        assertThat(reset.getString("OS-EXT-STS:vm_state")).isEqualTo("active");

        compute.actionGate.countDown();
        server.awaitIdle();
        assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void only_admins_reset_only_to_active_or_error_and_an_unknown_server_is_not_found() throws Exception {
        String id = active();
        refused(reset(member, id, "error"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.");
        refused(reset(admin, "999", "error"), 404, "itemNotFound", "Instance 999 could not be found.");
        refused(reset(admin, id, "invalid"), 400, "badRequest", "Invalid input for field/attribute state. "
                + "Value: invalid. 'invalid' is not one of ['active', 'error']");
        refused(reset(admin, id, 1), 400, "badRequest", "Invalid input for field/attribute state. "
                + "Value: 1. 1 is not one of ['active', 'error']");
        refused(admin.post("/v2.1/servers/" + id + "/action", new JsonObject().put("os-resetState", new JsonObject())),
                400, "badRequest", "Invalid input for field/attribute os-resetState. Value: {}. "
                        + "'state' is a required property");
        assertThat(member.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void without_a_reclaim_interval_a_delete_is_final_and_restore_and_force_delete_answer_as_nova() throws Exception {
        String id = active();
        refused(member.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("restore")), 409,
                "conflictingRequest", "Cannot 'restore' instance " + id + " while it is in vm_state active");
        String missing = java.util.UUID.randomUUID().toString();
        refused(member.post("/v2.1/servers/" + missing + "/action", new JsonObject().putNull("forceDelete")), 404,
                "itemNotFound", "Instance " + missing + " could not be found.");
        refused(member.post("/v2.1/servers/" + missing + "/action", new JsonObject().putNull("restore")), 404,
                "itemNotFound", "Instance " + missing + " could not be found.");

        assertThat(member.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("forceDelete")).status())
                .isEqualTo(202);
        assertThat(member.awaitGone(id)).isEqualTo(404);
        String other = active();
        assertThat(member.send("DELETE", "/v2.1/servers/" + other, null, Map.of()).status()).isEqualTo(204);
        assertThat(member.awaitGone(other)).isEqualTo(404);
    }
}
