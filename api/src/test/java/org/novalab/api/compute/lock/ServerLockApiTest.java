package org.novalab.api.compute.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
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
 * Nova's {@code lock}/{@code unlock}: a locked server refuses its actions to all but admins (409 "Instance … is
 * locked"), shows {@code locked} (2.9) and its reason (2.73), and one an admin locked only an admin unlocks.
 */
class ServerLockApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        users.user("lee", users.project("lava"), "member");
        member = Api.login(server.baseUrl(), "lee", "pw-lee", "lava");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    static String active() throws Exception {
        String id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "l")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response act(Api who, String id, JsonObject body, String microversion) {
        return who.send("POST", "/v2.1/servers/" + id + "/action", body.encode(),
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    @Test
    void a_locked_server_refuses_its_members_actions_until_it_is_unlocked() throws Exception {
        String id = active();
        assertThat(act(member, id, new JsonObject().put("lock", new JsonObject().put("locked_reason", "audit")), "2.73")
                .status()).isEqualTo(202);

        JsonObject shown = member.send("GET", "/v2.1/servers/" + id, null, Map.of("OpenStack-API-Version",
                "compute 2.73")).json().getJsonObject("server");
        assertThat(shown.getBoolean("locked")).isTrue();
        assertThat(shown.getString("locked_reason")).isEqualTo("audit");
        assertThat(shown.getString("status")).isEqualTo("ACTIVE");
        Api.Response stop = act(member, id, new JsonObject().putNull("os-stop"), "2.1");
        assertThat(stop.status()).isEqualTo(409);
        assertThat(stop.json().getJsonObject("conflictingRequest").getString("message"))
                .isEqualTo("Instance " + id + " is locked");
        assertThat(member.delete("/v2.1/servers/" + id).status()).isEqualTo(409);
        assertThat(act(member, id, new JsonObject().put("rebuild", new JsonObject().put("imageRef",
                TestServers.CIRROS)), "2.1").status()).isEqualTo(409);
        assertThat(member.post("/v2.1/servers/" + id + "/metadata", new JsonObject().put("metadata",
                new JsonObject().put("k", "v"))).status()).isEqualTo(409);

        assertThat(act(member, id, new JsonObject().putNull("unlock"), "2.1").status()).isEqualTo(202);
        assertThat(act(member, id, new JsonObject().putNull("os-stop"), "2.1").status()).isEqualTo(202);
        member.awaitStatus(id, "SHUTOFF");
        JsonObject unlocked = member.send("GET", "/v2.1/servers/" + id, null, Map.of("OpenStack-API-Version",
                "compute 2.73")).json().getJsonObject("server");
        assertThat(unlocked.getBoolean("locked")).isFalse();
        assertThat(unlocked.getValue("locked_reason")).isNull();
        assertThat(member.get("/v2.1/servers/" + id + "/os-instance-actions").json().getJsonArray("instanceActions")
                .stream().map(a -> ((JsonObject) a).getString("action"))).containsExactly("stop", "unlock", "lock",
                "create");
    }

    @Test
    void an_admin_acts_on_a_locked_server_and_only_an_admin_unlocks_what_an_admin_locked() throws Exception {
        String id = active();
        assertThat(act(admin, id, new JsonObject().putNull("lock"), "2.1").status()).isEqualTo(202);
        assertThat(act(admin, id, new JsonObject().putNull("os-stop"), "2.1").status()).isEqualTo(202);
        admin.awaitStatus(id, "SHUTOFF");

        Api.Response refused = act(member, id, new JsonObject().putNull("unlock"), "2.1");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getJsonObject("forbidden").getString("message"))
                .isEqualTo("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.");
        assertThat(act(admin, id, new JsonObject().putNull("unlock"), "2.1").status()).isEqualTo(202);
        assertThat(act(member, id, new JsonObject().put("lock", new JsonObject().put("locked_reason", "")), "2.73")
                .status()).isEqualTo(400);
    }
}
