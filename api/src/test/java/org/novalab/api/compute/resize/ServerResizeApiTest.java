package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * Nova's {@code resize}, {@code confirmResize} and {@code revertResize} on one host: the states a server goes
 * through, its flavor, the migration and the instance actions recorded, Nova's refusals with its messages, and what a
 * disk that would shrink does.
 */
class ServerResizeApiTest {
    static final String MICRO_247 = "compute 2.47";
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;
    static Api reader;
    static Api outsider;
    static String bigger;
    static String smaller;
    static String zeroDisk;

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
        bigger = flavor("r-bigger", 2, 1024, 2);
        smaller = flavor("r-smaller", 1, 256, 1);
        zeroDisk = flavor("r-zero", 1, 512, 0);
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

    static String flavor(String name, int vcpus, int ram, int disk) {
        Api.Response r = admin.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject().put("name", name)
                .put("ram", ram).put("vcpus", vcpus).put("disk", disk)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonObject("flavor").getString("id");
    }

    static String active(String flavorRef) throws Exception {
        String id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "r")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", flavorRef).put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response resize(Api who, String id, String flavorRef) {
        return who.post("/v2.1/servers/" + id + "/action", new JsonObject().put("resize",
                new JsonObject().put("flavorRef", flavorRef)));
    }

    static Api.Response act(Api who, String id, String action) {
        return who.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull(action));
    }

    static JsonObject shown(String id) {
        return member.send("GET", "/v2.1/servers/" + id, null, Map.of("OpenStack-API-Version", MICRO_247)).json()
                .getJsonObject("server");
    }

    static void refused(Api.Response r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        String kind = status == 400 ? "badRequest" : status == 403 ? "forbidden" : status == 404 ? "itemNotFound"
                : "conflictingRequest";
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    static List<JsonObject> migrations(String id) {
        JsonArray all = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations");
        return all.stream().map(o -> (JsonObject) o).toList();
    }

    static JsonObject action(String id, String name) {
        JsonObject history = member.get("/v2.1/servers/" + id + "/os-instance-actions").json();
        String requestId = history.getJsonArray("instanceActions").stream().map(a -> (JsonObject) a)
                .filter(a -> a.getString("action").equals(name)).findFirst().orElseThrow().getString("request_id");
        return admin.send("GET", "/v2.1/servers/" + id + "/os-instance-actions/" + requestId, null,
                Map.of("OpenStack-API-Version", "compute 2.51")).json().getJsonObject("instanceAction");
    }

    @Test
    void a_resize_waits_in_VERIFY_RESIZE_with_the_new_flavor_and_a_confirm_makes_it_ACTIVE() throws Exception {
        String id = active("1");

        assertThat(resize(member, id, bigger).status()).isEqualTo(202);

        JsonObject resized = member.awaitStatus(id, "VERIFY_RESIZE");
        assertThat(resized.getString("OS-EXT-STS:vm_state")).isEqualTo("resized");
        assertThat(resized.getValue("OS-EXT-STS:task_state")).isNull();
        assertThat(resized.getInteger("OS-EXT-STS:power_state")).isEqualTo(1);
        JsonObject flavor = shown(id).getJsonObject("flavor");
        assertThat(flavor.getString("original_name")).isEqualTo("r-bigger");
        assertThat(flavor.getInteger("vcpus")).isEqualTo(2);
        assertThat(flavor.getInteger("ram")).isEqualTo(1024);
        assertThat(flavor.getInteger("disk")).isEqualTo(2);
        assertThat(compute.resizes).anySatisfy(r -> {
            assertThat(r.uuid()).isEqualTo(UUID.fromString(id));
            assertThat(r.oldFlavor().id()).isEqualTo("1");
            assertThat(r.newFlavor().id()).isEqualTo(bigger);
        });
        assertThat(migrations(id)).singleElement().satisfies(m -> {
            assertThat(m.getString("migration_type")).isEqualTo("resize");
            assertThat(m.getString("status")).isEqualTo("finished");
            assertThat(m.getString("source_compute")).isEqualTo(TestServers.HOST);
            assertThat(m.getString("dest_compute")).isEqualTo(TestServers.HOST);
        });
        JsonArray events = action(id, "resize").getJsonArray("events");
        assertThat(events.stream().map(e -> ((JsonObject) e).getString("event"))).containsExactlyInAnyOrder(
                "cold_migrate", "compute_prep_resize", "compute_resize_instance", "compute_finish_resize");
        assertThat(events.stream().map(e -> ((JsonObject) e).getString("result"))).containsOnly("Success");

        Api.Response confirmed = act(member, id, "confirmResize");

        assertThat(confirmed.status()).isEqualTo(204);
        JsonObject after = member.awaitStatus(id, "ACTIVE");
        assertThat(after.getString("OS-EXT-STS:vm_state")).isEqualTo("active");
        assertThat(shown(id).getJsonObject("flavor").getString("original_name")).isEqualTo("r-bigger");
        server.awaitIdle();
        assertThat(migrations(id)).singleElement()
                .satisfies(m -> assertThat(m.getString("status")).isEqualTo("confirmed"));
        assertThat(action(id, "confirmResize").getJsonArray("events")).singleElement()
                .satisfies(e -> assertThat(((JsonObject) e).getString("result")).isEqualTo("Success"));
    }

    @Test
    void a_revert_brings_the_old_flavor_back_and_a_stopped_server_stays_off_through_both() throws Exception {
        String id = active("1");
        act(member, id, "os-stop");
        member.awaitStatus(id, "SHUTOFF");

        assertThat(member.post("/v2.1/servers/" + id + "/action", new JsonObject().put("resize", new JsonObject()
                .put("flavorRef", bigger).put("OS-DCF:diskConfig", "AUTO"))).status()).isEqualTo(202);
        JsonObject resized = member.awaitStatus(id, "VERIFY_RESIZE");
        assertThat(resized.getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
        assertThat(resized.getString("OS-DCF:diskConfig")).isEqualTo("AUTO");

        assertThat(act(member, id, "revertResize").status()).isEqualTo(202);

        JsonObject reverted = member.awaitStatus(id, "SHUTOFF");
        assertThat(reverted.getString("OS-EXT-STS:vm_state")).isEqualTo("stopped");
        assertThat(shown(id).getJsonObject("flavor").getString("original_name")).isEqualTo("m1.tiny");
        server.awaitIdle();
        assertThat(migrations(id)).singleElement()
                .satisfies(m -> assertThat(m.getString("status")).isEqualTo("reverted"));
        assertThat(compute.running).doesNotContain(UUID.fromString(id));
        assertThat(action(id, "revertResize").getJsonArray("events").stream().map(e -> ((JsonObject) e)
                .getString("event"))).containsExactlyInAnyOrder("compute_revert_resize", "compute_finish_revert_resize");
        assertThat(member.get("/v2.1/servers/" + id + "/os-instance-actions").json().getJsonArray("instanceActions")
                .stream().map(a -> ((JsonObject) a).getString("action")))
                .containsExactly("revertResize", "resize", "stop", "create");
    }

    @Test
    void a_disk_that_would_shrink_fails_as_novas_resize_error_and_the_server_is_ACTIVE_again() throws Exception {
        String id = active(bigger);

        assertThat(resize(member, id, smaller).status()).isEqualTo(202);

        server.awaitIdle();
        JsonObject s = member.awaitStatus(id, "ACTIVE");
        assertThat(s.getValue("OS-EXT-STS:task_state")).isNull();
        assertThat(shown(id).getJsonObject("flavor").getString("original_name")).isEqualTo("r-bigger");
        assertThat(migrations(id)).singleElement()
                .satisfies(m -> assertThat(m.getString("status")).isEqualTo("error"));
        assertThat(action(id, "resize").getJsonArray("events").stream().map(e -> (JsonObject) e)
                .filter(e -> e.getString("event").equals("compute_resize_instance"))).singleElement()
                .satisfies(e -> assertThat(e.getString("result")).isEqualTo("Error"));
        assertThat(action(id, "resize").getString("message")).isEqualTo("Error");
    }

    @Test
    void novas_refusals_come_with_novas_messages() throws Exception {
        String id = active("1");
        refused(resize(member, id, "1"), 400, "When resizing, instances must change flavor!");
        refused(resize(member, id, "no-such-flavor"), 400, "Flavor no-such-flavor could not be found.");
        refused(resize(member, id, zeroDisk), 400,
                "Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.");
        refused(resize(outsider, id, bigger), 404, "Instance " + id + " could not be found.");
        assertThat(resize(reader, id, bigger).status()).isEqualTo(403);
        refused(act(member, id, "confirmResize"), 409,
                "Cannot 'confirmResize' instance " + id + " while it is in vm_state active");
        refused(act(member, id, "revertResize"), 409,
                "Cannot 'revertResize' instance " + id + " while it is in vm_state active");
        assertThat(member.post("/v2.1/servers/" + id + "/action", new JsonObject().put("resize",
                new JsonObject().put("flavorRef", bigger).put("size", 3))).status()).isEqualTo(400);

        act(member, id, "pause");
        member.awaitStatus(id, "PAUSED");
        refused(resize(member, id, bigger), 409, "Cannot 'resize' instance " + id + " while it is in vm_state paused");
        act(member, id, "unpause");
        member.awaitStatus(id, "ACTIVE");

        admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("lock"));
        refused(resize(member, id, bigger), 409, "Instance " + id + " is locked");
        admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("unlock"));
    }

    @Test
    void a_resize_over_the_cores_quota_is_novas_403() throws Exception {
        String id = active("1");
        String project = new Users(admin).projectId("plum");
        admin.send("PUT", "/v2.1/os-quota-sets/" + project, new JsonObject().put("quota_set",
                new JsonObject().put("cores", 1)).encode(), Map.of());
        try {
            refused(resize(member, id, bigger), 403,
                    "Quota exceeded for cores: Requested 1, but already used 1 of 1 cores");
        } finally {
            admin.send("PUT", "/v2.1/os-quota-sets/" + project, new JsonObject().put("quota_set",
                    new JsonObject().put("cores", 20)).encode(), Map.of());
        }
    }

    @Test
    void a_second_resize_while_one_runs_is_a_409_and_the_status_shows_RESIZE() throws Exception {
        String id = active("1");
        compute.actionGate = new CountDownLatch(1);

        assertThat(resize(member, id, bigger).status()).isEqualTo(202);

        JsonObject running = shown(id);
        assertThat(running.getString("status")).isEqualTo("RESIZE");
        assertThat(running.getString("OS-EXT-STS:task_state")).isIn("resize_prep", "resize_migrating");
        assertThat(resize(member, id, bigger).status()).isEqualTo(409);
        compute.actionGate.countDown();
        member.awaitStatus(id, "VERIFY_RESIZE");
    }

    @Test
    void without_allow_resize_to_same_host_a_resize_on_one_host_finds_none_and_the_server_stays_as_it_was(
            @TempDir Path other) throws Exception {
        try (NovalabServer strict = TestServers.start(TestServers.config(other).withScheduling(
                new ServerConfig.Scheduling(64.0, 16.0, 4.0, 3, false)), new FakeCompute())) {
            Api who = Api.login(strict.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = who.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "s")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                    .getJsonObject("server").getString("id");
            who.awaitStatus(id, "ACTIVE");
            String larger = who.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject()
                    .put("name", "s-larger").put("ram", 1024).put("vcpus", 2).put("disk", 2))).json()
                    .getJsonObject("flavor").getString("id");

            assertThat(resize(who, id, larger).status()).as("Nova's conductor fails it, not the API").isEqualTo(202);

            JsonObject shown = who.awaitStatus(id, "ACTIVE");
            assertThat(shown.getJsonObject("flavor").getString("id")).as("its old flavor").isEqualTo("1");
            JsonObject migration = who.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                    Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations")
                    .getJsonObject(0);
            assertThat(migration.getString("migration_type")).isEqualTo("resize");
            assertThat(migration.getString("status")).isEqualTo("error");
            String requestId = who.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                    .getJsonArray("instanceActions").getJsonObject(0).getString("request_id");
            assertThat(who.send("GET", "/v2.1/servers/" + id + "/os-instance-actions/" + requestId, null,
                    Map.of("OpenStack-API-Version", "compute 2.84")).json().getJsonObject("instanceAction")
                    .getJsonArray("events").getJsonObject(0).getString("details"))
                    .isEqualTo("No valid host was found. No valid host found for resize");
        }
    }
}
