package org.novalab.api.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
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
 * Nova's deprecated {@code /os-hosts} (until 2.42): the hosts of the enabled services with their zones, a compute
 * host's resources by project, and the host actions answered as the libvirt driver answers them.
 */
class OsHostsApiTest {
    static final String HOST = TestServers.HOST;
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
        users.user("mia", users.project("ops"), "member");
        member = Api.login(server.baseUrl(), "mia", "pw-mia", "ops");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Api.Response call(Api who, String method, String path, JsonObject body, String microversion) {
        return who.send(method, path, body == null ? null : body.encode(),
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    static JsonObject ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    static List<String> hosts(String query) {
        return ok(call(admin, "GET", "/v2.1/os-hosts" + query, null, "2.1")).getJsonArray("hosts").stream()
                .map(o -> (JsonObject) o).map(h -> h.getString("service") + "@" + h.getString("host_name") + " in "
                        + h.getString("zone")).toList();
    }

    @Test
    void the_hosts_are_those_of_the_enabled_services_by_zone() {
        assertThat(hosts("")).containsExactlyInAnyOrder("scheduler@" + HOST + " in internal",
                "conductor@" + HOST + " in internal", "compute@" + HOST + " in nova");
        assertThat(hosts("?zone=nova")).containsExactly("compute@" + HOST + " in nova");
        assertThat(hosts("?zone=")).as("a blank zone is no filter").hasSize(3);
        assertThat(hosts("?zone=xxx")).isEmpty();
        refused(call(member, "GET", "/v2.1/os-hosts", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-hosts:list to be performed.");
        refused(call(admin, "GET", "/v2.1/os-hosts", null, "2.43"), 404, "itemNotFound",
                "The resource could not be found.");
        assertThat(call(admin, "GET", "/v2.1/os-hosts/" + HOST, null, "2.43").status()).isEqualTo(404);
    }

    @Test
    void a_compute_host_shows_what_it_has_and_what_each_project_takes() throws Exception {
        JsonObject vm = new JsonObject().put("server", new JsonObject().put("name", "sized")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"));
        Api.Response created = call(admin, "POST", "/v2.1/servers", vm, "2.37");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        admin.awaitStatus(created.json().getJsonObject("server").getString("id"), "ACTIVE");
        String project = admin.get("/v2.1/servers/detail").json().getJsonArray("servers").getJsonObject(0)
                .getString("tenant_id");

        JsonArray rows = ok(call(admin, "GET", "/v2.1/os-hosts/" + HOST, null, "2.1")).getJsonArray("host");
        assertThat(rows.stream().map(r -> ((JsonObject) r).getJsonObject("resource").getString("project")))
                .containsExactly("(total)", "(used_now)", "(used_max)", project);
        JsonObject total = rows.getJsonObject(0).getJsonObject("resource");
        long memoryMb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        assertThat(total.getMap()).containsEntry("host", HOST)
                .containsEntry("cpu", Runtime.getRuntime().availableProcessors());
        assertThat(total.getLong("memory_mb")).isEqualTo(memoryMb);
        assertThat(rows.getJsonObject(1).getJsonObject("resource").getMap()).as("the hypervisor's count, with the "
                + "memory Nova reserves for the host").containsEntry("cpu", 1).containsEntry("memory_mb", 1024)
                .containsEntry("disk_gb", 1);
        assertThat(rows.getJsonObject(2).getJsonObject("resource").getMap()).containsEntry("cpu", 1)
                .containsEntry("memory_mb", 512).containsEntry("disk_gb", 1);
        assertThat(rows.getJsonObject(3).getJsonObject("resource").getMap()).containsEntry("cpu", 1)
                .containsEntry("memory_mb", 512).containsEntry("disk_gb", 1);

        refused(call(admin, "GET", "/v2.1/os-hosts/nonexistent_hostname", null, "2.1"), 404, "itemNotFound",
                "Host 'nonexistent_hostname' is not mapped to any cell");
        refused(call(member, "GET", "/v2.1/os-hosts/" + HOST, null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-hosts:show to be performed.");
    }

    @Test
    void enabling_is_acknowledged_and_maintenance_and_power_actions_are_what_libvirt_does_not_implement() {
        assertThat(ok(call(admin, "PUT", "/v2.1/os-hosts/" + HOST, new JsonObject().put("status", "Disable"), "2.1"))
                .getMap()).containsExactlyInAnyOrderEntriesOf(Map.of("host", HOST, "status", "disabled"));
        assertThat(ok(call(admin, "GET", "/v2.1/os-services?binary=nova-compute", null, "2.1")).getJsonArray("services")
                .getJsonObject(0).getString("status")).as("the service stays as it was").isEqualTo("enabled");
        refused(call(admin, "PUT", "/v2.1/os-hosts/" + HOST, new JsonObject().put("status", "enable")
                .put("maintenance_mode", "enable"), "2.1"), 501, "notImplemented",
                "The requested functionality is not supported.");
        for (String action : List.of("startup", "shutdown", "reboot")) {
            refused(call(admin, "GET", "/v2.1/os-hosts/" + HOST + "/" + action, null, "2.1"), 501, "notImplemented",
                    "The requested functionality is not supported.");
            refused(call(admin, "GET", "/v2.1/os-hosts/nonexistent_hostname/" + action, null, "2.1"), 404,
                    "itemNotFound", "Host 'nonexistent_hostname' is not mapped to any cell");
        }
        refused(call(member, "GET", "/v2.1/os-hosts/" + HOST + "/startup", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-hosts:start to be performed.");
        refused(call(admin, "PUT", "/v2.1/os-hosts/nonexistent_hostname", new JsonObject().put("status", "enable"),
                "2.1"), 404, "itemNotFound", "Host 'nonexistent_hostname' is not mapped to any cell");
    }

    @Test
    void a_host_update_is_checked_as_novas_schema_checks_it() {
        refused(call(admin, "PUT", "/v2.1/os-hosts/" + HOST, new JsonObject().put("status", "invalid")
                .put("maintenance_mode", "enable"), "2.1"), 400, "badRequest", "Invalid input for field/attribute "
                + "status. Value: invalid. 'invalid' is not one of ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', "
                + "'DISABLE']");
        refused(call(admin, "PUT", "/v2.1/os-hosts/" + HOST, new JsonObject().putNull("status")
                .putNull("maintenance_mode"), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute status. Value: None. None is not of type 'string'");
        refused(call(admin, "PUT", "/v2.1/os-hosts/" + HOST, new JsonObject(), "2.1"), 400, "badRequest",
                "{} is not valid under any of the given schemas");
        refused(call(member, "PUT", "/v2.1/os-hosts/" + HOST, new JsonObject().put("status", "enable"), "2.1"), 403,
                "forbidden", "Policy doesn't allow os_compute_api:os-hosts:update to be performed.");
    }
}
