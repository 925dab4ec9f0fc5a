package org.novalab.api.compute.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * What Nova remembers of servers: their instance actions with the hosts' events ({@code os-instance-actions}), and
 * the hours they ran ({@code os-simple-tenant-usage}), deleted servers included.
 */
class ServerHistoryApiTest {
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;
    static Api outsider;
    static String project;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        project = users.project("sand");
        users.user("sam", project, "member");
        users.user("ola", users.project("slate"), "member");
        member = Api.login(server.baseUrl(), "sam", "pw-sam", "sand");
        outsider = Api.login(server.baseUrl(), "ola", "pw-ola", "slate");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Api.Response call(Api who, String method, String path, Object body, String microversion) {
        return who.send(method, path, body == null ? null : body.toString(),
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    static JsonObject ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static String boot(String name) throws Exception {
        Api.Response r = call(member, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", name).put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")),
                "2.37");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static List<JsonObject> actions(Api who, String id, String microversion) {
        return ok(call(who, "GET", "/v2.1/servers/" + id + "/os-instance-actions", null, microversion))
                .getJsonArray("instanceActions").stream().map(o -> (JsonObject) o).toList();
    }

    @Test
    void each_action_is_recorded_under_the_request_id_its_answer_carried() throws Exception {
        Api.Response created = call(member, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "traced").put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none")), "2.37");
        String id = created.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        Api.Response stopped = member.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}");
        member.awaitStatus(id, "SHUTOFF");
        server.awaitIdle();

        List<JsonObject> all = actions(member, id, "2.1");

        assertThat(all.stream().map(a -> a.getString("action") + " " + a.getString("request_id"))).containsExactly(
                "stop " + stopped.header("x-openstack-request-id"),
                "create " + created.header("x-openstack-request-id"));
    }

    @Test
    void create_stop_start_and_reboot_are_recorded_with_the_hosts_events() throws Exception {
        String id = boot("acted");
        assertThat(member.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}").status()).isEqualTo(202);
        member.awaitStatus(id, "SHUTOFF");
        assertThat(member.post("/v2.1/servers/" + id + "/action", "{\"os-start\": null}").status()).isEqualTo(202);
        member.awaitStatus(id, "ACTIVE");
        assertThat(member.post("/v2.1/servers/" + id + "/action", "{\"reboot\": {\"type\": \"SOFT\"}}").status())
                .isEqualTo(202);
        member.awaitStatus(id, "ACTIVE");
        server.awaitIdle();

        List<JsonObject> all = actions(member, id, "2.1");
        assertThat(all.stream().map(a -> a.getString("action"))).containsExactly("reboot", "start", "stop", "create");
        JsonObject create = all.get(3);
        assertThat(create.getMap()).containsEntry("instance_uuid", id).containsEntry("project_id", project)
                .containsEntry("message", null).doesNotContainKey("updated_at");
        assertThat(create.getString("request_id")).matches("req-[0-9a-f-]{36}");
        assertThat(actions(member, id, "2.58").get(0).getString("updated_at")).isNotNull();

        String path = "/v2.1/servers/" + id + "/os-instance-actions/" + create.getString("request_id");
        assertThat(ok(call(member, "GET", path, null, "2.50")).getJsonObject("instanceAction").containsKey("events"))
                .as("before 2.51 only admins see events").isFalse();
        JsonObject asMember = ok(call(member, "GET", path, null, "2.62")).getJsonObject("instanceAction");
        JsonObject event = asMember.getJsonArray("events").getJsonObject(0);
        assertThat(event.getMap()).containsEntry("event", "compute__do_build_and_run_instance")
                .containsEntry("result", "Success").doesNotContainKeys("traceback", "host");
        assertThat(event.getString("hostId")).hasSize(56);
        assertThat(event.getString("finish_time")).isNotNull();
        JsonObject asAdmin = ok(call(admin, "GET", path, null, "2.62")).getJsonObject("instanceAction")
                .getJsonArray("events").getJsonObject(0);
        assertThat(asAdmin.getMap()).containsEntry("host", "novalab-host").containsKey("traceback");
        String stop = all.get(2).getString("request_id");
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id + "/os-instance-actions/" + stop, null, "2.51"))
                .getJsonObject("instanceAction").getJsonArray("events").getJsonObject(0).getString("event"))
                .isEqualTo("compute_stop_instance");

        assertThat(call(member, "GET", "/v2.1/servers/" + id + "/os-instance-actions/req-nope", null, "2.1").body())
                .contains("Action req-nope not found");
        assertThat(call(outsider, "GET", "/v2.1/servers/" + id + "/os-instance-actions", null, "2.1").status())
                .isEqualTo(404);
        JsonObject paged = ok(call(member, "GET", "/v2.1/servers/" + id + "/os-instance-actions?limit=2", null, "2.58"));
        assertThat(paged.getJsonArray("instanceActions")).hasSize(2);
        assertThat(paged.getJsonArray("links").getJsonObject(0).getString("href")).contains("marker="
                + all.get(1).getString("request_id"));
        assertThat(call(member, "GET", "/v2.1/servers/" + id + "/os-instance-actions?limit=2", null, "2.57").json()
                .getJsonArray("instanceActions")).hasSize(4);
    }

    @Test
    void the_create_and_each_action_answer_the_request_id_their_action_is_recorded_under() throws Exception {
        Api.Response created = call(member, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "ids").put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")),
                "2.37");
        String id = created.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        Api.Response stopped = member.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}");
        member.awaitStatus(id, "SHUTOFF");
        List<String> recorded = actions(member, id, "2.1").stream().map(a -> a.getString("request_id")).toList();
        assertThat(recorded).containsExactly(stopped.header("x-openstack-request-id"),
                created.header("x-openstack-request-id"));
        assertThat(created.header("x-compute-request-id")).isEqualTo(created.header("x-openstack-request-id"));
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id + "/os-instance-actions/"
                + created.header("x-openstack-request-id"), null, "2.1")).getJsonObject("instanceAction")
                .getString("action")).isEqualTo("create");
    }

    @Test
    void a_failed_build_is_an_error_event_and_a_deleted_servers_actions_stay_from_2_21() throws Exception {
        String broken = TestServers.uploadImage(admin, "broken", "raw", new byte[512], Map.of("fail_boot", "yes"));
        Api.Response r = call(member, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "fails").put("imageRef", broken).put("flavorRef", "1").put("networks", "none")), "2.37");
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ERROR");
        JsonObject create = actions(member, id, "2.1").get(0);
        assertThat(create.getString("message")).isEqualTo("Error");
        JsonObject event = ok(call(admin, "GET", "/v2.1/servers/" + id + "/os-instance-actions/"
                + create.getString("request_id"), null, "2.84")).getJsonObject("instanceAction").getJsonArray("events")
                .getJsonObject(0);
        assertThat(event.getString("result")).isEqualTo("Error");
        assertThat(event.getString("traceback")).contains("no bootable disk");
        assertThat(event.getString("details")).contains("no bootable disk");

        assertThat(member.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        member.awaitGone(id);
        assertThat(call(member, "GET", "/v2.1/servers/" + id + "/os-instance-actions", null, "2.20").status())
                .isEqualTo(404);
        assertThat(actions(member, id, "2.21").stream().map(a -> a.getString("action")))
                .containsExactly("delete", "create");
        assertThat(call(outsider, "GET", "/v2.1/servers/" + id + "/os-instance-actions", null, "2.21").status())
                .isEqualTo(404);
    }

    @Test
    void usage_counts_the_hours_servers_ran_deleted_ones_until_they_ended() throws Exception {
        Instant before = Instant.now().minusSeconds(60);
        String running = boot("running");
        String gone = boot("gone");
        Thread.sleep(1100);
        assertThat(member.delete("/v2.1/servers/" + gone).status()).isEqualTo(204);
        member.awaitGone(gone);
        String period = "?start=" + QUERY_TIME.format(before) + "&end=" + QUERY_TIME.format(Instant.now().plusSeconds(60));

        JsonObject mine = ok(call(member, "GET", "/v2.1/os-simple-tenant-usage/" + project + period, null, "2.1"))
                .getJsonObject("tenant_usage");
        assertThat(mine.getString("tenant_id")).isEqualTo(project);
        JsonArray servers = mine.getJsonArray("server_usages");
        assertThat(servers.stream().map(o -> ((JsonObject) o).getString("instance_id")))
                .containsExactlyInAnyOrder(running, gone);
        JsonObject ended = servers.stream().map(o -> (JsonObject) o).filter(u -> u.getString("instance_id").equals(gone))
                .findFirst().orElseThrow();
        assertThat(ended.getMap()).containsEntry("state", "terminated").containsEntry("flavor", "m1.tiny")
                .containsEntry("vcpus", 1).containsEntry("memory_mb", 512).containsEntry("local_gb", 1);
        assertThat(ended.getString("ended_at")).isNotNull();
        assertThat(ended.getDouble("hours")).isPositive().isLessThan(0.01);
        assertThat(mine.getDouble("total_hours")).isPositive();
        assertThat(mine.getDouble("total_memory_mb_usage")).isEqualTo(512 * mine.getDouble("total_hours"),
                org.assertj.core.data.Offset.offset(1e-9));

        JsonArray all = ok(call(admin, "GET", "/v2.1/os-simple-tenant-usage" + period + "&detailed=1", null, "2.1"))
                .getJsonArray("tenant_usages");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("tenant_id"))).contains(project);
        assertThat(ok(call(admin, "GET", "/v2.1/os-simple-tenant-usage" + period, null, "2.1"))
                .getJsonArray("tenant_usages").getJsonObject(0).containsKey("server_usages")).isFalse();
        JsonObject paged = ok(call(member, "GET", "/v2.1/os-simple-tenant-usage/" + project + period + "&limit=1", null,
                "2.40"));
        assertThat(paged.getJsonObject("tenant_usage").getJsonArray("server_usages")).hasSize(1);
        assertThat(paged.getJsonArray("tenant_usage_links").getJsonObject(0).getString("href")).contains("marker=");

        assertThat(call(member, "GET", "/v2.1/os-simple-tenant-usage" + period, null, "2.1").body())
                .contains("Policy doesn't allow os_compute_api:os-simple-tenant-usage:list to be performed.");
        assertThat(call(outsider, "GET", "/v2.1/os-simple-tenant-usage/" + project + period, null, "2.1").status())
                .isEqualTo(403);
        assertThat(call(member, "GET", "/v2.1/os-simple-tenant-usage/" + project + "?start=2030-01-01T00:00:00&end="
                + "2029-01-01T00:00:00", null, "2.1").body()).contains("Invalid start time. The start time cannot "
                + "occur after the end time.");
        assertThat(call(admin, "GET", "/v2.1/os-simple-tenant-usage/" + period, null, "2.1").status())
                .as("an empty project id names nothing").isEqualTo(404);
        assertThat(call(member, "GET", "/v2.1/os-simple-tenant-usage/" + project + "?start=yesterday", null, "2.1")
                .body()).contains("Invalid datetime string: Datetime is in invalid format");
    }
}
