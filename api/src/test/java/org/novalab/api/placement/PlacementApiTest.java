package org.novalab.api.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
import org.novalab.api.testing.PlainOnlyCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;
import org.novalab.compute.VirtDriver;

/**
 * Placement as an operator reads it: a resource provider per compute host, whose inventory is what the host
 * reported with the scheduler's allocation ratios, whose traits say what it can encrypt, and whose allocations and
 * usages are the servers placed on it, so that what placement shows is what the scheduler went by.
 */
class PlacementApiTest {
    static final String LUKS_HOST = "host-luks";
    static final String PLAIN_HOST = "host-plain";
    static final int CPUS = Runtime.getRuntime().availableProcessors();
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        LinkedHashMap<String, VirtDriver> drivers = new LinkedHashMap<>();
        drivers.put(LUKS_HOST, new FakeCompute());
        drivers.put(PLAIN_HOST, new PlainOnlyCompute());
        server = TestServers.startHosts(TestServers.config(state), drivers);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        users.user("pat", users.project("students"), "member");
        member = Api.login(server.baseUrl(), "pat", "pw-pat", "students");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    static Api.Response get(Api who, String path, String version) {
        return who.send("GET", "/placement" + path, null, version == null ? Map.of()
                : Map.of("OpenStack-API-Version", "placement " + version));
    }

    static JsonObject ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonObject provider(String name) {
        return ok(get(admin, "/resource_providers?name=" + name, "1.14")).getJsonArray("resource_providers")
                .getJsonObject(0);
    }

    static JsonObject error(Api.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonObject e = r.json().getJsonArray("errors").getJsonObject(0);
        assertThat(e.getInteger("status")).isEqualTo(status);
        return e;
    }

    @Test
    void the_version_document_needs_no_token_and_a_version_past_novalabs_is_refused_with_the_range() {
        Api anonymous = Api.anonymous(server.baseUrl());
        JsonObject v = ok(anonymous.send("GET", "/placement/", null, Map.of())).getJsonArray("versions")
                .getJsonObject(0);
        assertThat(v.getString("id")).isEqualTo("v1.0");
        assertThat(v.getString("max_version")).isEqualTo("1.29");

        Api.Response asked = get(admin, "/resource_providers", "1.29");
        assertThat(asked.header("OpenStack-API-Version")).isEqualTo("placement 1.29");
        JsonObject tooNew = error(get(admin, "/resource_providers", "1.39"), 406);
        assertThat(tooNew.getString("max_version")).isEqualTo("1.29");
        assertThat(tooNew.getString("min_version")).isEqualTo("1.0");
    }

    @Test
    void each_compute_host_is_a_provider_with_its_reported_inventory_and_the_schedulers_ratios() {
        JsonArray all = ok(get(admin, "/resource_providers", "1.14")).getJsonArray("resource_providers");
        assertThat(all).extracting(p -> ((JsonObject) p).getString("name"))
                .containsExactlyInAnyOrder(LUKS_HOST, PLAIN_HOST);
        JsonObject luks = provider(LUKS_HOST);
        assertThat(luks.getString("root_provider_uuid")).isEqualTo(luks.getString("uuid"));
        assertThat(luks.containsKey("parent_provider_uuid")).isTrue();
        assertThat(luks.getValue("parent_provider_uuid")).isNull();
        assertThat(ok(get(admin, "/resource_providers/" + luks.getString("uuid"), "1.14")).getString("name"))
                .isEqualTo(LUKS_HOST);

        JsonObject inventories = ok(get(admin, "/resource_providers/" + luks.getString("uuid") + "/inventories",
                null)).getJsonObject("inventories");
        JsonObject vcpu = inventories.getJsonObject("VCPU");
        assertThat(vcpu.getLong("total")).isEqualTo(CPUS);
        // TestServers runs the scheduler at 64 vCPUs per CPU, 16 times the memory and 4 times the disk
        assertThat(vcpu.getDouble("allocation_ratio")).isEqualTo(64.0);
        assertThat(inventories.getJsonObject("MEMORY_MB").getLong("reserved")).isEqualTo(512);
        assertThat(inventories.getJsonObject("MEMORY_MB").getDouble("allocation_ratio")).isEqualTo(16.0);
        assertThat(inventories.getJsonObject("DISK_GB").getDouble("allocation_ratio")).isEqualTo(4.0);
        assertThat(ok(get(admin, "/resource_providers/" + luks.getString("uuid") + "/inventories/VCPU", null))
                .getLong("total")).isEqualTo(CPUS);
    }

    @Test
    void the_traits_say_which_host_can_encrypt_and_filter_the_providers() {
        String luks = provider(LUKS_HOST).getString("uuid");
        String plain = provider(PLAIN_HOST).getString("uuid");
        assertThat(ok(get(admin, "/resource_providers/" + luks + "/traits", "1.6")).getJsonArray("traits"))
                .contains("COMPUTE_EPHEMERAL_ENCRYPTION", "COMPUTE_EPHEMERAL_ENCRYPTION_LUKS",
                        "CUSTOM_EPHEMERAL_ENCRYPTION_QCOW_AES");
        assertThat(ok(get(admin, "/resource_providers/" + plain + "/traits", "1.6")).getJsonArray("traits"))
                .isEmpty();

        assertThat(names(ok(get(admin, "/resource_providers?required=COMPUTE_EPHEMERAL_ENCRYPTION_LUKS", "1.18"))))
                .containsExactly(LUKS_HOST);
        assertThat(names(ok(get(admin, "/resource_providers?required=!COMPUTE_EPHEMERAL_ENCRYPTION", "1.22"))))
                .containsExactly(PLAIN_HOST);
        assertThat(error(get(admin, "/resource_providers?required=!COMPUTE_EPHEMERAL_ENCRYPTION", "1.18"), 400)
                .getString("detail")).contains("Expected 'required' parameter");
        assertThat(error(get(admin, "/resource_providers/" + luks + "/traits", "1.5"), 404)).isNotNull();

        assertThat(ok(get(admin, "/traits?associated=true", "1.6")).getJsonArray("traits"))
                .contains("COMPUTE_EPHEMERAL_ENCRYPTION_LUKS").doesNotContain("CUSTOM_VOLUME_ENCRYPTION");
        assertThat(ok(get(admin, "/traits?name=startswith:CUSTOM_", "1.6")).getJsonArray("traits"))
                .allMatch(t -> t.toString().startsWith("CUSTOM_")).contains("CUSTOM_VOLUME_ENCRYPTION_LUKS");
        assertThat(get(admin, "/traits/COMPUTE_EPHEMERAL_ENCRYPTION_LUKS", "1.6").status()).isEqualTo(204);
        assertThat(error(get(admin, "/traits/CUSTOM_NOBODY", "1.6"), 404).getString("detail"))
                .isEqualTo("No such trait(s): CUSTOM_NOBODY");
    }

    @Test
    void a_luks_servers_allocation_is_on_the_provider_of_its_host_and_counts_in_the_usages() throws Exception {
        Api.Response created = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "placed").put("imageRef", TestServers.CIRROS).put("flavorRef", "101")
                .put("networks", "none")));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().getJsonObject("server").getString("id");
        JsonObject vm = admin.awaitStatus(id, "ACTIVE");
        assertThat(vm.getString("OS-EXT-SRV-ATTR:host")).isEqualTo(LUKS_HOST);
        String luks = provider(LUKS_HOST).getString("uuid");

        JsonObject mine = ok(get(admin, "/allocations/" + id, "1.28"));
        JsonObject resources = mine.getJsonObject("allocations").getJsonObject(luks).getJsonObject("resources");
        assertThat(resources.getLong("VCPU")).isEqualTo(1);
        assertThat(resources.getLong("MEMORY_MB")).isEqualTo(512);
        assertThat(resources.getLong("DISK_GB")).isEqualTo(1);
        assertThat(mine.getString("project_id")).isEqualTo(vm.getString("tenant_id"));
        assertThat(mine.getString("user_id")).isEqualTo(vm.getString("user_id"));

        assertThat(ok(get(admin, "/resource_providers/" + luks + "/usages", null)).getJsonObject("usages")
                .getLong("VCPU")).isEqualTo(1);
        assertThat(ok(get(admin, "/resource_providers/" + luks + "/allocations", null)).getJsonObject("allocations")
                .fieldNames()).containsExactly(id);
        assertThat(ok(get(admin, "/usages?project_id=" + vm.getString("tenant_id"), "1.9")).getJsonObject("usages")
                .getLong("MEMORY_MB")).isEqualTo(512);
        assertThat(names(ok(get(admin, "/resource_providers?resources=VCPU:1,MEMORY_MB:512", "1.4"))))
                .containsExactlyInAnyOrder(LUKS_HOST, PLAIN_HOST);
        assertThat(names(ok(get(admin, "/resource_providers?resources=VCPU:" + (CPUS + 1), "1.4"))))
                .as("no instance gets more vCPUs than its host has (max_unit)").isEmpty();

        assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        admin.awaitGone(id);
        assertThat(ok(get(admin, "/allocations/" + id, null)).getJsonObject("allocations").isEmpty()).isTrue();
    }

    @Test
    void only_an_admin_reads_placement_and_mistakes_get_placements_errors() {
        assertThat(error(get(member, "/resource_providers", null), 403).getString("detail"))
                .isEqualTo("Policy does not allow placement:resource_providers:list to be performed.");
        assertThat(error(get(admin, "/resource_providers/8c3a2a2e-0f3c-4a8f-9d6e-1f2b3c4d5e6f", null), 404)
                .getString("detail")).isEqualTo("No resource provider with uuid 8c3a2a2e-0f3c-4a8f-9d6e-1f2b3c4d5e6f "
                        + "found");
        assertThat(error(get(admin, "/resource_providers?colour=red", null), 400).getString("detail"))
                .contains("'colour' was unexpected");
        assertThat(error(get(admin, "/resource_providers?resources=VCPU=1", "1.4"), 400).getString("detail"))
                .startsWith("Badly formed resources parameter.");
        assertThat(error(get(admin, "/usages", "1.9"), 400).getString("detail")).contains("project_id");
        assertThat(get(Api.anonymous(server.baseUrl()), "/resource_providers", null).status()).isEqualTo(401);
        String luks = provider(LUKS_HOST).getString("uuid");
        Api.Response write = admin.send("PUT", "/placement/resource_providers/" + luks + "/traits", new JsonObject()
                .put("traits", new JsonArray()).put("resource_provider_generation", 1).encode(),
                Map.of("OpenStack-API-Version", "placement 1.6"));
        assertThat(error(write, 405).getString("detail")).as("the hosts' traits are theirs to report").isNotBlank();
        assertThat(get(admin, "/resource_providers/" + luks + "/traits", "1.6").json().getJsonArray("traits"))
                .contains("COMPUTE_EPHEMERAL_ENCRYPTION_LUKS");
    }

    static List<String> names(JsonObject list) {
        return list.getJsonArray("resource_providers").stream().map(p -> ((JsonObject) p).getString("name"))
                .toList();
    }
}
