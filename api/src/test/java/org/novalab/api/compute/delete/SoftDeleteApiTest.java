package org.novalab.api.compute.delete;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
 * Nova's deferred delete with {@code reclaim_instance_interval} (here 3 s): a delete powers the server off and keeps
 * it {@code SOFT_DELETED}, holding no quota, until a restore brings it back or the interval has passed and it is
 * deleted for good; {@code forceDelete} does not wait.
 */
class SoftDeleteApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;
    static String project;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state).withReclaimInstanceInterval(Duration.ofSeconds(3)),
                compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        project = users.project("sage");
        users.user("sol", project, "member");
        member = Api.login(server.baseUrl(), "sol", "pw-sol", "sage");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        server.awaitIdle();
        for (Object o : admin.get("/v2.1/servers?all_tenants=1").json().getJsonArray("servers")) {
            admin.post("/v2.1/servers/" + ((JsonObject) o).getString("id") + "/action",
                    new JsonObject().putNull("forceDelete"));
        }
        server.awaitIdle();
        admin.send("DELETE", "/v2.1/os-quota-sets/" + project, null, Map.of());
    }

    static String active(String name) throws Exception {
        Api.Response r = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response act(String id, String action) {
        return member.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull(action));
    }

    static int instancesUsed() {
        return member.get("/v2.1/limits").json().getJsonObject("limits").getJsonObject("absolute")
                .getInteger("totalInstancesUsed");
    }

    @Test
    void a_delete_keeps_the_server_powered_off_and_a_restore_brings_it_back() throws Exception {
        String id = active("keep");

        assertThat(member.delete("/v2.1/servers/" + id).status()).isEqualTo(204);

        JsonObject soft = member.awaitStatus(id, "SOFT_DELETED");
        assertThat(soft.getString("OS-EXT-STS:vm_state")).isEqualTo("soft-delete");
        assertThat(soft.getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
        assertThat(compute.running).doesNotContain(UUID.fromString(id));
        assertThat(compute.domains).containsKey(UUID.fromString(id));
        assertThat(member.get("/v2.1/servers?status=SOFT_DELETED").json().getJsonArray("servers")).hasSize(1);
        assertThat(instancesUsed()).as("a soft-deleted server holds no quota").isZero();

        assertThat(act(id, "restore").status()).isEqualTo(202);

        assertThat(member.awaitStatus(id, "ACTIVE").getInteger("OS-EXT-STS:power_state")).isEqualTo(1);
        assertThat(compute.running).contains(UUID.fromString(id));
        assertThat(instancesUsed()).isEqualTo(1);
        assertThat(member.get("/v2.1/servers/" + id + "/os-instance-actions").json().getJsonArray("instanceActions")
                .stream().map(a -> ((JsonObject) a).getString("action"))).containsExactly("restore", "delete", "create");
    }

    @Test
    void a_soft_deleted_server_is_deleted_for_good_once_the_interval_has_passed() throws Exception {
        String id = active("reclaimed");
        assertThat(member.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        member.awaitStatus(id, "SOFT_DELETED");

        assertThat(member.awaitGone(id)).isEqualTo(404);
        assertThat(compute.domains).doesNotContainKey(UUID.fromString(id));
    }

    @Test
    void force_delete_does_not_wait_and_a_server_never_launched_is_deleted_at_once() throws Exception {
        String id = active("forced");
        member.delete("/v2.1/servers/" + id);
        member.awaitStatus(id, "SOFT_DELETED");
        assertThat(act(id, "forceDelete").status()).isEqualTo(202);
        assertThat(member.awaitGone(id)).isEqualTo(404);

        String broken = TestServers.uploadImage(admin, "broken", "raw", new byte[512], Map.of("fail_boot", "yes"));
        String failed = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "f")
                .put("imageRef", broken).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        member.awaitStatus(failed, "ERROR");
        assertThat(member.delete("/v2.1/servers/" + failed).status()).isEqualTo(204);
        assertThat(member.awaitGone(failed)).isEqualTo(404);
    }

    @Test
    void a_restore_the_quota_has_no_room_for_is_refused_and_only_a_soft_deleted_server_restores() throws Exception {
        String id = active("first");
        refused(act(id, "restore"), 409, "conflictingRequest",
                "Cannot 'restore' instance " + id + " while it is in vm_state active");
        assertThat(admin.send("PUT", "/v2.1/os-quota-sets/" + project, new JsonObject().put("quota_set",
                new JsonObject().put("instances", 1)).encode(), Map.of()).status()).isEqualTo(200);
        member.delete("/v2.1/servers/" + id);
        member.awaitStatus(id, "SOFT_DELETED");
        active("second");

        refused(act(id, "restore"), 403, "forbidden",
                "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances");
        assertThat(member.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                .isEqualTo("SOFT_DELETED");
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }
}
