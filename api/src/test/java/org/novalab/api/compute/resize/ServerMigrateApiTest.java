package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
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
 * Nova's {@code migrate} and {@code os-migrateLive} on a deployment of one compute host: Nova's API refusals (404,
 * the admin policy, the lock and the state, a named host, the body per microversion), and what Nova's conductor
 * leaves when it finds no other host: the server as it was, the migration in error, the action's event failed.
 */
class ServerMigrateApiTest {
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
        users.user("mia", users.project("mint"), "member");
        member = Api.login(server.baseUrl(), "mia", "pw-mia", "mint");
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
        String id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "m")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response act(Api who, String id, String version, JsonObject body) {
        return who.send("POST", "/v2.1/servers/" + id + "/action", body.encode(),
                Map.of("OpenStack-API-Version", "compute " + version));
    }

    static void refused(Api.Response r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        String kind = status == 400 ? "badRequest" : status == 404 ? "itemNotFound" : "conflictingRequest";
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    static List<JsonObject> migrations(String id) {
        JsonArray all = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations");
        return all.stream().map(o -> (JsonObject) o).toList();
    }

    static JsonObject lastAction(String id) {
        JsonObject a = admin.get("/v2.1/servers/" + id + "/os-instance-actions").json().getJsonArray("instanceActions")
                .getJsonObject(0);
        return admin.send("GET", "/v2.1/servers/" + id + "/os-instance-actions/" + a.getString("request_id"), null,
                Map.of("OpenStack-API-Version", "compute 2.51")).json().getJsonObject("instanceAction");
    }

    @Test
    void a_cold_migration_finds_no_other_host_the_server_stays_ACTIVE_and_the_migration_is_in_error()
            throws Exception {
        String id = active();

        assertThat(act(admin, id, "2.1", new JsonObject().putNull("migrate")).status()).isEqualTo(202);

        JsonObject s = admin.awaitStatus(id, "ACTIVE");
        assertThat(s.getString("OS-EXT-STS:vm_state")).isEqualTo("active");
        assertThat(migrations(id)).singleElement().satisfies(m -> {
            assertThat(m.getString("migration_type")).isEqualTo("migration");
            assertThat(m.getString("status")).isEqualTo("error");
        });
        JsonObject action = lastAction(id);
        assertThat(action.getString("action")).isEqualTo("migrate");
        assertThat(action.getJsonArray("events")).singleElement().satisfies(e -> {
            assertThat(((JsonObject) e).getString("event")).isEqualTo("cold_migrate");
            assertThat(((JsonObject) e).getString("result")).isEqualTo("Error");
        });
    }

    @Test
    void a_live_migration_finds_no_host_answering_400_before_2_34_and_202_from_it() throws Exception {
        String id = active();
        JsonObject old = new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", false).put("disk_over_commit", false));

        refused(act(admin, id, "2.1", old), 400, "No valid host was found. ");
        assertThat(act(admin, id, "2.34", new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", "auto"))).status()).isEqualTo(202);

        admin.awaitStatus(id, "ACTIVE");
        assertThat(migrations(id)).hasSize(2).allSatisfy(m -> {
            assertThat(m.getString("migration_type")).isEqualTo("live-migration");
            assertThat(m.getString("status")).isEqualTo("error");
        });
        refused(act(admin, id, "2.30", new JsonObject().put("os-migrateLive", new JsonObject()
                .put("host", TestServers.HOST).put("block_migration", "auto").put("force", true))), 400,
                "Unable to migrate instance (" + id + ") to current host (" + TestServers.HOST + ").");
    }

    @Test
    void a_servers_migrations_list_only_live_migrations_in_progress_as_nova_does() throws Exception {
        String id = active();
        act(admin, id, "2.34", new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", "auto")));
        admin.awaitStatus(id, "ACTIVE");
        long failed = migrations(id).get(0).getLong("id");
        Map<String, String> v223 = Map.of("OpenStack-API-Version", "compute 2.23");

        Api.Response list = admin.send("GET", "/v2.1/servers/" + id + "/migrations", null, v223);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().getJsonArray("migrations")).as("the failed one is not in progress").isEmpty();
        refused(admin.send("GET", "/v2.1/servers/" + id + "/migrations/" + failed, null, v223), 404,
                "Live migration " + failed + " for server " + id + " is not in progress.");
        refused(admin.send("GET", "/v2.1/servers/" + id + "/migrations/4242", null, v223), 404,
                "In-progress live migration 4242 is not found for server " + id + ".");
        assertThat(member.send("GET", "/v2.1/servers/" + id + "/migrations", null, v223).status()).isEqualTo(403);
        assertThat(admin.send("GET", "/v2.1/servers/" + id + "/migrations", null,
                Map.of("OpenStack-API-Version", "compute 2.22")).status()).isEqualTo(404);
    }

    @Test
    void novas_refusals_for_both_moves() throws Exception {
        String id = active();
        String missing = "99999999-9999-4999-8999-999999999999";
        refused(act(admin, missing, "2.1", new JsonObject().putNull("migrate")), 404,
                "Instance " + missing + " could not be found.");
        assertThat(act(member, id, "2.1", new JsonObject().putNull("migrate")).status()).isEqualTo(403);
        assertThat(act(member, id, "2.1", new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", false).put("disk_over_commit", false))).status()).isEqualTo(403);
        refused(act(admin, id, "2.56", new JsonObject().put("migrate", new JsonObject().put("host",
                TestServers.HOST))), 400, "Cannot migrate to the host where the server exists.");
        refused(act(admin, id, "2.56", new JsonObject().put("migrate", new JsonObject().put("host", "nowhere"))),
                400, "Compute host nowhere could not be found.");
        assertThat(act(admin, id, "2.55", new JsonObject().put("migrate", new JsonObject().put("host", "nowhere")))
                .status()).as("the host is not read before 2.56").isEqualTo(202);
        refused(act(admin, id, "2.30", new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", "auto").put("force", true))), 400, "Can't force to a non-provided destination");
        assertThat(act(admin, id, "2.68", new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", "auto").put("force", true))).status()).as("no force from 2.68")
                .isEqualTo(400);
        assertThat(act(admin, id, "2.25", new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", false).put("disk_over_commit", false))).status())
                .as("no disk_over_commit from 2.25").isEqualTo(400);

        act(admin, id, "2.1", new JsonObject().putNull("os-stop"));
        admin.awaitStatus(id, "SHUTOFF");
        refused(act(admin, id, "2.34", new JsonObject().put("os-migrateLive", new JsonObject().putNull("host")
                .put("block_migration", "auto"))), 409,
                "Cannot 'os-migrateLive' instance " + id + " while it is in vm_state stopped");
        admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("lock"));
        assertThat(act(admin, id, "2.1", new JsonObject().putNull("migrate")).status())
                .as("an admin may move a locked server").isEqualTo(202);
    }
}
