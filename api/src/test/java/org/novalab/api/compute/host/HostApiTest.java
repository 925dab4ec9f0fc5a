package org.novalab.api.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
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
 * What an admin sees of the deployment, as Nova shows it: {@code /os-services} (and disabling the compute service
 * keeps the scheduler away), {@code /os-availability-zone}, {@code /os-hypervisors} with the host's own capacity,
 * and {@code /extensions}.
 */
class HostApiTest {
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

    @AfterEach
    void clean() throws Exception {
        JsonObject compute = computeService("2.53");
        call(admin, "PUT", "/v2.1/os-services/" + compute.getString("id"), new JsonObject().put("status", "enabled")
                .put("forced_down", false), "2.53");
        TestServers.deleteEveryServer(server, admin);
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

    static List<JsonObject> services(String query, String microversion) {
        return ok(call(admin, "GET", "/v2.1/os-services" + query, null, microversion)).getJsonArray("services")
                .stream().map(o -> (JsonObject) o).toList();
    }

    static JsonObject computeService(String microversion) {
        return services("?binary=nova-compute", microversion).get(0);
    }

    static String boot(String name) {
        Api.Response r = call(admin, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", name).put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")),
                "2.37");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getJsonObject("server").getString("id");
    }

    @Test
    void the_services_are_the_compute_host_and_the_scheduler_and_conductor_work_of_the_api() {
        List<JsonObject> all = services("", "2.1");
        assertThat(all.stream().map(s -> s.getString("binary") + "@" + s.getString("host") + " in " + s.getString("zone")))
                .containsExactlyInAnyOrder("nova-scheduler@novalab-host in internal",
                        "nova-conductor@novalab-host in internal", "nova-compute@novalab-host in nova");
        JsonObject compute = all.stream().filter(s -> s.getString("binary").equals("nova-compute")).findFirst()
                .orElseThrow();
        assertThat(compute.getMap()).containsEntry("status", "enabled").containsEntry("state", "up")
                .containsEntry("disabled_reason", null).doesNotContainKey("forced_down");
        assertThat(compute.getValue("id")).isInstanceOf(Integer.class);
        assertThat(compute.getString("updated_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(computeService("2.11").getBoolean("forced_down")).isFalse();
        assertThat(computeService("2.53").getString("id")).matches("[0-9a-f-]{36}");

        assertThat(services("?host=novalab-host", "2.1")).hasSize(3);
        assertThat(services("?host=novalab-host&binary=xxx", "2.1")).isEmpty();
        assertThat(services("?host=xxx&binary=nova-compute", "2.1")).isEmpty();
        assertThat(services("?xxx=nova-compute", "2.74")).hasSize(3);
        refused(call(admin, "GET", "/v2.1/os-services?xxx=nova-compute", null, "2.75"), 400, "badRequest",
                "Additional properties are not allowed ('xxx' was unexpected)");
        refused(call(member, "GET", "/v2.1/os-services", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-services:list to be performed.");
    }

    @Test
    void a_disabled_compute_service_gets_no_new_servers_which_fail_with_no_valid_host() throws Exception {
        String id = computeService("2.53").getString("id");
        JsonObject disabled = ok(call(admin, "PUT", "/v2.1/os-services/" + id, new JsonObject().put("status",
                "disabled").put("disabled_reason", "maintenance"), "2.53")).getJsonObject("service");
        assertThat(disabled.getMap()).containsEntry("status", "disabled").containsEntry("disabled_reason", "maintenance")
                .containsEntry("forced_down", false).containsEntry("id", id).containsEntry("binary", "nova-compute");
        assertThat(computeService("2.1").getString("status")).isEqualTo("disabled");

        String vm = boot("nowhere");
        JsonObject failed = admin.awaitStatus(vm, "ERROR");
        assertThat(failed.getJsonObject("fault").getInteger("code")).isEqualTo(500);
        assertThat(failed.getJsonObject("fault").getString("message"))
                .isEqualTo("No valid host was found. There are not enough hosts available.");
        assertThat(admin.delete("/v2.1/servers/" + vm).status()).isEqualTo(204);
        assertThat(admin.awaitGone(vm)).isEqualTo(404);

        JsonArray zones = ok(call(member, "GET", "/v2.1/os-availability-zone", null, "2.1"))
                .getJsonArray("availabilityZoneInfo");
        assertThat(zones.getJsonObject(0).getJsonObject("zoneState").getBoolean("available")).isFalse();

        ok(call(admin, "PUT", "/v2.1/os-services/" + id, new JsonObject().put("status", "enabled"), "2.53"));
        assertThat(admin.awaitStatus(boot("back"), "ACTIVE").getString("OS-EXT-SRV-ATTR:host")).isEqualTo("novalab-host");
    }

    @Test
    void a_compute_service_forced_down_is_down_and_scheduled_to_no_more() throws Exception {
        String id = computeService("2.53").getString("id");
        JsonObject down = ok(call(admin, "PUT", "/v2.1/os-services/" + id, new JsonObject().put("forced_down", true),
                "2.53")).getJsonObject("service");
        assertThat(down.getMap()).containsEntry("forced_down", true).containsEntry("state", "down")
                .containsEntry("status", "enabled");
        assertThat(ok(call(admin, "GET", "/v2.1/os-hypervisors", null, "2.1")).getJsonArray("hypervisors")
                .getJsonObject(0).getString("state")).isEqualTo("down");
        assertThat(admin.awaitStatus(boot("down"), "ERROR").getJsonObject("fault").getString("message"))
                .startsWith("No valid host was found.");
    }

    @Test
    void service_updates_are_refused_as_nova_refuses_them() {
        String id = computeService("2.53").getString("id");
        String scheduler = services("?binary=nova-scheduler", "2.53").get(0).getString("id");
        refused(call(admin, "PUT", "/v2.1/os-services/42", new JsonObject().put("status", "disabled"), "2.53"), 400,
                "badRequest", "Invalid uuid 42");
        String unknown = java.util.UUID.randomUUID().toString();
        refused(call(admin, "PUT", "/v2.1/os-services/" + unknown, new JsonObject().put("status", "disabled"), "2.53"),
                404, "itemNotFound", "Service " + unknown + " could not be found.");
        refused(call(admin, "PUT", "/v2.1/os-services/" + scheduler, new JsonObject().put("status", "disabled"),
                "2.53"), 400, "badRequest", "Updating a nova-scheduler service is not supported. Only nova-compute "
                + "services can be updated.");
        refused(call(admin, "PUT", "/v2.1/os-services/" + id, new JsonObject().put("status", "enabled")
                .put("disabled_reason", "why"), "2.53"), 400, "badRequest",
                "Specifying 'disabled_reason' with status 'enabled' is invalid.");
        refused(call(admin, "PUT", "/v2.1/os-services/" + id, new JsonObject(), "2.53"), 400, "badRequest",
                "No updates were requested. Fields 'status' or 'forced_down' should be specified.");
        refused(call(admin, "PUT", "/v2.1/os-services/" + id, new JsonObject().put("status", "off"), "2.53"), 400,
                "badRequest", "Invalid input for field/attribute status. Value: off. 'off' is not one of "
                        + "['enabled', 'disabled']");
        refused(call(member, "PUT", "/v2.1/os-services/" + id, new JsonObject().put("status", "disabled"), "2.53"),
                403, "forbidden", "Policy doesn't allow os_compute_api:os-services:update to be performed.");
        assertThat(computeService("2.1").getString("status")).isEqualTo("enabled");
    }

    @Test
    void before_2_53_a_service_is_disabled_by_host_and_binary_on_an_action_path() {
        JsonObject body = new JsonObject().put("host", "novalab-host").put("binary", "nova-compute");
        assertThat(ok(call(admin, "PUT", "/v2.1/os-services/disable-log-reason", body.copy()
                .put("disabled_reason", "disk swap"), "2.1")).getJsonObject("service").getMap())
                .containsEntry("status", "disabled").containsEntry("disabled_reason", "disk swap")
                .containsEntry("host", "novalab-host");
        assertThat(computeService("2.1").getString("disabled_reason")).isEqualTo("disk swap");
        assertThat(ok(call(admin, "PUT", "/v2.1/os-services/enable", body, "2.1")).getJsonObject("service")
                .getString("status")).isEqualTo("enabled");
        assertThat(computeService("2.1").getValue("disabled_reason")).isNull();
        refused(call(admin, "PUT", "/v2.1/os-services/reboot", body, "2.1"), 404, "itemNotFound", "Unknown action");
        refused(call(admin, "PUT", "/v2.1/os-services/disable", body.copy().put("host", "elsewhere"), "2.1"), 404,
                "itemNotFound", "Could not find binary nova-compute on host elsewhere.");
        assertThat(ok(call(admin, "PUT", "/v2.1/os-services/force-down", body.copy().put("forced_down", true),
                "2.11")).getJsonObject("service").getBoolean("forced_down")).isTrue();
        assertThat(computeService("2.11").getString("state")).isEqualTo("down");
    }

    @Test
    void availability_zones_are_listed_for_anyone_and_detailed_for_admins() {
        JsonArray zones = ok(call(member, "GET", "/v2.1/os-availability-zone", null, "2.1"))
                .getJsonArray("availabilityZoneInfo");
        assertThat(zones).hasSize(1);
        assertThat(zones.getJsonObject(0).getMap()).containsEntry("zoneName", "nova").containsEntry("hosts", null);
        assertThat(zones.getJsonObject(0).getJsonObject("zoneState").getBoolean("available")).isTrue();
        refused(call(member, "GET", "/v2.1/os-availability-zone/detail", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.");
        JsonArray detail = ok(call(admin, "GET", "/v2.1/os-availability-zone/detail", null, "2.1"))
                .getJsonArray("availabilityZoneInfo");
        JsonObject nova = detail.stream().map(o -> (JsonObject) o).filter(z -> z.getString("zoneName").equals("nova"))
                .findFirst().orElseThrow();
        JsonObject compute = nova.getJsonObject("hosts").getJsonObject("novalab-host").getJsonObject("nova-compute");
        assertThat(compute.getMap()).containsEntry("available", true).containsEntry("active", true);
        assertThat(compute.getString("updated_at")).isNotNull();
        JsonObject internal = detail.stream().map(o -> (JsonObject) o)
                .filter(z -> z.getString("zoneName").equals("internal")).findFirst().orElseThrow();
        assertThat(internal.getJsonObject("hosts").getJsonObject("novalab-host").fieldNames())
                .containsExactlyInAnyOrder("nova-scheduler", "nova-conductor");
    }

    @Test
    void the_hypervisor_shows_the_hosts_own_capacity_and_what_its_servers_take() throws Exception {
        String vm = boot("sized");
        admin.awaitStatus(vm, "ACTIVE");
        JsonObject listed = ok(call(admin, "GET", "/v2.1/os-hypervisors", null, "2.1")).getJsonArray("hypervisors")
                .getJsonObject(0);
        assertThat(listed.fieldNames()).containsExactlyInAnyOrder("id", "hypervisor_hostname", "state", "status");
        assertThat(listed.getMap()).containsEntry("hypervisor_hostname", "novalab-host").containsEntry("state", "up")
                .containsEntry("status", "enabled");
        int id = listed.getInteger("id");

        JsonObject h = ok(call(admin, "GET", "/v2.1/os-hypervisors/" + id, null, "2.1")).getJsonObject("hypervisor");
        long memoryMb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        long localGb = Files.getFileStore(state).getTotalSpace() >> 30;
        assertThat(h.getInteger("vcpus")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(h.getLong("memory_mb")).isEqualTo(memoryMb);
        assertThat(h.getLong("local_gb")).isEqualTo(localGb);
        assertThat(h.getLong("vcpus_used")).isEqualTo(1);
        assertThat(h.getLong("memory_mb_used")).as("the flavor's 512 MB and Nova's 512 MB reserved").isEqualTo(1024);
        assertThat(h.getLong("local_gb_used")).isEqualTo(1);
        assertThat(h.getLong("free_ram_mb")).isEqualTo(memoryMb - 1024);
        assertThat(h.getLong("free_disk_gb")).isEqualTo(localGb - 1);
        assertThat(h.getInteger("running_vms")).isEqualTo(1);
        assertThat(h.getInteger("current_workload")).isZero();
        assertThat(h.getLong("disk_available_least")).isBetween(0L, localGb);
        assertThat(h.getString("hypervisor_type")).isEqualTo("FAKE");
        assertThat(h.getJsonObject("service").getMap()).containsEntry("host", "novalab-host")
                .containsEntry("disabled_reason", null);
        assertThat(h.getString("host_ip")).isNotBlank();
        assertThat(new JsonObject(h.getString("cpu_info")).getString("arch")).as("a JSON string before 2.28")
                .isNotBlank();
        assertThat(ok(call(admin, "GET", "/v2.1/os-hypervisors/" + id, null, "2.28")).getJsonObject("hypervisor")
                .getJsonObject("cpu_info").getJsonObject("topology").getInteger("sockets")).isPositive();

        JsonObject stats = ok(call(admin, "GET", "/v2.1/os-hypervisors/statistics", null, "2.1"))
                .getJsonObject("hypervisor_statistics");
        assertThat(stats.getMap()).containsEntry("count", 1).containsEntry("running_vms", 1)
                .containsEntry("vcpus_used", 1);
        assertThat(stats.getLong("memory_mb")).isEqualTo(memoryMb);

        JsonObject uptime = ok(call(admin, "GET", "/v2.1/os-hypervisors/" + id + "/uptime", null, "2.1"))
                .getJsonObject("hypervisor");
        assertThat(uptime.getString("uptime")).contains(" up ").contains("load average");
        assertThat(ok(call(admin, "GET", "/v2.1/os-hypervisors/detail", null, "2.1")).getJsonArray("hypervisors")
                .getJsonObject(0).getInteger("running_vms")).isEqualTo(1);
    }

    @Test
    void the_hypervisor_views_follow_the_microversions() throws Exception {
        String vm = boot("listed");
        admin.awaitStatus(vm, "ACTIVE");
        int id = ok(call(admin, "GET", "/v2.1/os-hypervisors", null, "2.1")).getJsonArray("hypervisors")
                .getJsonObject(0).getInteger("id");
        refused(call(admin, "GET", "/v2.1/os-hypervisors/x", null, "2.1"), 404, "itemNotFound",
                "Hypervisor with ID 'x' could not be found.");
        assertThat(ok(call(admin, "GET", "/v2.1/os-hypervisors/novalab/servers", null, "2.1")).getJsonArray("hypervisors")
                .getJsonObject(0).getJsonArray("servers").getJsonObject(0).getString("uuid")).isEqualTo(vm);
        assertThat(ok(call(admin, "GET", "/v2.1/os-hypervisors/lab-h/search", null, "2.1")).getJsonArray("hypervisors"))
                .hasSize(1);
        refused(call(admin, "GET", "/v2.1/os-hypervisors/zzz/search", null, "2.1"), 404, "itemNotFound",
                "No hypervisor matching 'zzz' could be found.");

        Api.Response paged = call(admin, "GET", "/v2.1/os-hypervisors?limit=1", null, "2.33");
        assertThat(ok(paged).getJsonArray("hypervisors_links").getJsonObject(0).getString("href"))
                .endsWith("/v2.1/os-hypervisors?limit=1&marker=" + id);
        assertThat(ok(call(admin, "GET", "/v2.1/os-hypervisors?marker=" + id, null, "2.33")).getJsonArray("hypervisors"))
                .isEmpty();

        JsonObject v253 = ok(call(admin, "GET", "/v2.1/os-hypervisors/detail?with_servers=true", null, "2.53"))
                .getJsonArray("hypervisors").getJsonObject(0);
        String uuid = v253.getString("id");
        assertThat(uuid).matches("[0-9a-f-]{36}");
        assertThat(v253.getJsonObject("service").getString("id")).matches("[0-9a-f-]{36}");
        assertThat(v253.getJsonArray("servers").getJsonObject(0).getString("name")).isEqualTo("listed");
        refused(call(admin, "GET", "/v2.1/os-hypervisors/" + id, null, "2.53"), 400, "badRequest", "Invalid uuid " + id);
        refused(call(admin, "GET", "/v2.1/os-hypervisors?hypervisor_hostname_pattern=nova&limit=1", null, "2.53"), 400,
                "badRequest", "Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not "
                        + "supported.");
        refused(call(admin, "GET", "/v2.1/os-hypervisors?with_servers=maybe", null, "2.53"), 400, "badRequest",
                "Invalid input for query parameters with_servers. Value: maybe. 'maybe' is not one of [True, 'True', "
                        + "'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', "
                        + "'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']");
        assertThat(call(admin, "GET", "/v2.1/os-hypervisors/novalab/search", null, "2.53").status()).isEqualTo(404);

        JsonObject v288 = ok(call(admin, "GET", "/v2.1/os-hypervisors/" + uuid, null, "2.88"))
                .getJsonObject("hypervisor");
        assertThat(v288.fieldNames()).doesNotContain("vcpus", "memory_mb", "local_gb", "running_vms", "cpu_info")
                .contains("uptime", "hypervisor_type", "host_ip", "service");
        assertThat(call(admin, "GET", "/v2.1/os-hypervisors/statistics", null, "2.88").status()).isEqualTo(404);
        assertThat(call(admin, "GET", "/v2.1/os-hypervisors/" + uuid + "/uptime", null, "2.88").status()).isEqualTo(404);
        refused(call(member, "GET", "/v2.1/os-hypervisors", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-hypervisors:list to be performed.");
    }

    @Test
    void the_extensions_are_novas_frozen_list_at_every_microversion() {
        JsonArray all = ok(call(member, "GET", "/v2.1/extensions", null, "2.1")).getJsonArray("extensions");
        assertThat(all).hasSize(99);
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("name"))).contains("Hosts", "Keypairs", "Quotas");
        JsonObject keypairs = ok(call(member, "GET", "/v2.1/extensions/os-keypairs", null, "2.90"))
                .getJsonObject("extension");
        assertThat(keypairs.getMap()).containsEntry("alias", "os-keypairs").containsEntry("name", "Keypairs")
                .containsEntry("updated", "2014-12-03T00:00:00Z")
                .containsEntry("namespace", "http://docs.openstack.org/compute/ext/fake_xml");
        assertThat(keypairs.getJsonArray("links")).isEmpty();
        assertThat(ok(call(member, "GET", "/v2.1/extensions/os-consoles", null, "2.1")).getJsonObject("extension")
                .getString("alias")).isEqualTo("os-consoles");
        assertThat(call(member, "GET", "/v2.1/extensions/os-teleport", null, "2.1").status()).isEqualTo(404);
    }
}
