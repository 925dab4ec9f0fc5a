package org.novalab.api.compute.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code /os-quota-sets}, {@code /os-quota-class-sets} and {@code /limits} as Nova answers them, and the quotas
 * enforced where Nova enforces them: server create (instances, cores, ram, also for multiple create), metadata
 * items, key pairs. Each test works in a project of its own.
 */
class QuotaApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Users users;
    static final AtomicInteger TENANTS = new AtomicInteger();

    record Tenant(String projectId, String userId, Api api) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        users = new Users(admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Tenant tenant(String role) {
        String n = "q" + TENANTS.incrementAndGet();
        String project = users.project(n);
        String user = users.user(n + "-user", project, role);
        return new Tenant(project, user, Api.login(server.baseUrl(), n + "-user", "pw-" + n + "-user", n));
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

    static Api.Response setQuota(String project, String query, JsonObject values, String microversion) {
        return call(admin, "PUT", "/v2.1/os-quota-sets/" + project + query, new JsonObject().put("quota_set", values),
                microversion);
    }

    static Api.Response boot(Api who, String name, JsonObject extra) {
        JsonObject s = new JsonObject().put("name", name).put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none");
        extra.forEach(e -> s.put(e.getKey(), e.getValue()));
        return call(who, "POST", "/v2.1/servers", new JsonObject().put("server", s), "2.37");
    }

    static List<JsonObject> servers(Api who) {
        return ok(call(who, "GET", "/v2.1/servers/detail", null, "2.37")).getJsonArray("servers").stream()
                .map(o -> (JsonObject) o).toList();
    }

    @Test
    void the_defaults_are_novas_and_each_microversion_shows_its_resources() {
        Tenant t = tenant("member");
        JsonObject v21 = ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId() + "/defaults", null, "2.1"))
                .getJsonObject("quota_set");
        assertThat(v21.getMap()).containsEntry("id", t.projectId()).containsEntry("instances", 10)
                .containsEntry("cores", 20).containsEntry("ram", 51200).containsEntry("metadata_items", 128)
                .containsEntry("key_pairs", 100).containsEntry("server_groups", 10)
                .containsEntry("server_group_members", 10).containsEntry("injected_files", 5)
                .containsEntry("injected_file_content_bytes", 10240).containsEntry("injected_file_path_bytes", 255)
                .containsEntry("fixed_ips", -1).containsEntry("floating_ips", -1).containsEntry("security_groups", -1)
                .containsEntry("security_group_rules", -1);
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId() + "/defaults", null, "2.36"))
                .getJsonObject("quota_set").fieldNames()).doesNotContain("fixed_ips", "floating_ips",
                "security_groups", "security_group_rules").contains("injected_files");
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.57"))
                .getJsonObject("quota_set").fieldNames()).containsExactlyInAnyOrder("id", "instances", "cores", "ram",
                "metadata_items", "key_pairs", "server_groups", "server_group_members");
        refused(call(admin, "GET", "/v2.1/os-quota-sets/no-such-project", null, "2.1"), 400, "badRequest",
                "Project ID no-such-project is not a valid project.");
    }

    @Test
    void members_read_their_own_projects_quotas_and_only_admins_change_them() {
        Tenant t = tenant("member");
        Tenant other = tenant("member");
        refused(call(t.api(), "GET", "/v2.1/os-quota-sets/" + other.projectId(), null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
        refused(call(t.api(), "GET", "/v2.1/os-quota-sets/" + other.projectId() + "/detail", null, "2.1"), 403,
                "forbidden", "Policy doesn't allow os_compute_api:os-quota-sets:detail to be performed.");
        refused(call(t.api(), "PUT", "/v2.1/os-quota-sets/" + t.projectId(), new JsonObject().put("quota_set",
                new JsonObject().put("instances", 50)), "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.");
        refused(call(t.api(), "DELETE", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-quota-sets:delete to be performed.");

        JsonObject updated = ok(setQuota(t.projectId(), "", new JsonObject().put("instances", 50).put("ram", "4096"),
                "2.1")).getJsonObject("quota_set");
        assertThat(updated.containsKey("id")).as("an update answers without the id, as Nova").isFalse();
        assertThat(updated.getMap()).containsEntry("instances", 50).containsEntry("ram", 4096).containsEntry("cores", 20);
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1"))
                .getJsonObject("quota_set").getMap()).containsEntry("instances", 50).containsEntry("ram", 4096);
        assertThat(ok(call(other.api(), "GET", "/v2.1/os-quota-sets/" + other.projectId(), null, "2.1"))
                .getJsonObject("quota_set").getInteger("instances")).isEqualTo(10);

        assertThat(call(admin, "DELETE", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1").status()).isEqualTo(202);
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1"))
                .getJsonObject("quota_set").getMap()).containsEntry("instances", 10).containsEntry("ram", 51200);
    }

    @Test
    void limits_are_checked_as_novas_schema_checks_them_and_nothing_is_stored_on_a_refusal() {
        Tenant t = tenant("member");
        refused(setQuota(t.projectId(), "", new JsonObject().put("ram", "lots"), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute ram. Value: lots. 'lots' does not match '^-?[0-9]+$'");
        refused(setQuota(t.projectId(), "", new JsonObject().put("ram", -2), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute ram. Value: -2. -2 is less than the minimum of -1");
        refused(setQuota(t.projectId(), "", new JsonObject().put("ram", 2147483648L), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute ram. Value: 2147483648. 2147483648 is greater than the maximum of "
                        + "2147483647");
        refused(setQuota(t.projectId(), "", new JsonObject().put("ram", 1.5), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute ram. Value: 1.5. 1.5 is not of type 'integer', 'string'");
        refused(setQuota(t.projectId(), "", new JsonObject().put("cores", 5).put("fixed_ips", 1), "2.36"), 400,
                "badRequest", "Invalid input for field/attribute quota_set. Value: {\"cores\":5,\"fixed_ips\":1}. "
                        + "Additional properties are not allowed ('fixed_ips' was unexpected)");
        refused(setQuota(t.projectId(), "", new JsonObject().put("cores", 5).put("force", "maybe"), "2.1"), 400,
                "badRequest", "Invalid input for field/attribute force. Value: maybe. 'maybe' is not one of [True, "
                        + "'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', "
                        + "'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']");
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1"))
                .getJsonObject("quota_set").getInteger("cores")).isEqualTo(20);
        assertThat(ok(setQuota(t.projectId(), "", new JsonObject().put("fixed_ips", 7), "2.35"))
                .getJsonObject("quota_set").getInteger("fixed_ips")).isEqualTo(7);
    }

    @Test
    void a_limit_cannot_go_below_what_is_in_use_unless_forced() throws Exception {
        Tenant t = tenant("member");
        String id = boot(t.api(), "vm", new JsonObject()).json().getJsonObject("server").getString("id");
        t.api().awaitStatus(id, "ACTIVE");
        JsonObject detail = ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId() + "/detail", null, "2.1"))
                .getJsonObject("quota_set");
        assertThat(detail.getString("id")).isEqualTo(t.projectId());
        assertThat(detail.getJsonObject("instances").getMap()).containsEntry("in_use", 1).containsEntry("limit", 10)
                .containsEntry("reserved", 0);
        assertThat(detail.getJsonObject("cores").getInteger("in_use")).isEqualTo(1);
        assertThat(detail.getJsonObject("ram").getInteger("in_use")).isEqualTo(512);
        assertThat(detail.getJsonObject("key_pairs").getInteger("in_use")).isZero();

        refused(setQuota(t.projectId(), "", new JsonObject().put("cores", 4).put("instances", 0), "2.1"), 400,
                "badRequest", "Quota limit 0 for instances must be greater than or equal to already used and reserved 1.");
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1"))
                .getJsonObject("quota_set").getInteger("cores")).as("no value of a refused update is kept").isEqualTo(20);
        assertThat(ok(setQuota(t.projectId(), "", new JsonObject().put("instances", 0).put("force", true), "2.1"))
                .getJsonObject("quota_set").getInteger("instances")).isZero();
    }

    @Test
    void a_user_has_limits_of_its_own_within_what_the_project_leaves() {
        Tenant t = tenant("member");
        String second = users.user("q-second-" + TENANTS.incrementAndGet(), t.projectId(), "member");
        assertThat(ok(setQuota(t.projectId(), "", new JsonObject().put("ram", 5120), "2.1"))
                .getJsonObject("quota_set").getInteger("ram")).isEqualTo(5120);
        JsonObject user = ok(setQuota(t.projectId(), "?user_id=" + t.userId(), new JsonObject().put("ram", "2048"),
                "2.1")).getJsonObject("quota_set");
        assertThat(user.getInteger("ram")).isEqualTo(2048);
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId() + "?user_id=" + t.userId(), null,
                "2.1")).getJsonObject("quota_set").getInteger("ram")).isEqualTo(2048);
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1"))
                .getJsonObject("quota_set").getInteger("ram")).isEqualTo(5120);
        // 5120 - 2048 is left for the second user
        refused(setQuota(t.projectId(), "?user_id=" + second, new JsonObject().put("ram", 4000), "2.1"), 400,
                "badRequest", "Quota limit 4000 for ram must be less than or equal to 3072.");
        assertThat(setQuota(t.projectId(), "?user_id=" + second, new JsonObject().put("ram", 3072), "2.1").status())
                .isEqualTo(200);
        refused(setQuota(t.projectId(), "", new JsonObject().put("ram", 4096), "2.1"), 400, "badRequest",
                "Quota limit 4096 for ram must be greater than or equal to already used and reserved 5120.");

        assertThat(call(admin, "DELETE", "/v2.1/os-quota-sets/" + t.projectId() + "?user_id=" + t.userId(), null, "2.1")
                .status()).isEqualTo(202);
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId() + "?user_id=" + t.userId(), null,
                "2.1")).getJsonObject("quota_set").getInteger("ram")).isEqualTo(5120);
        assertThat(ok(call(admin, "GET", "/v2.1/os-quota-sets/" + t.projectId() + "?user_id=" + second, null, "2.1"))
                .getJsonObject("quota_set").getInteger("ram")).isEqualTo(3072);
        refused(call(admin, "GET", "/v2.1/os-quota-sets/" + t.projectId() + "?user=x", null, "2.75"), 400,
                "badRequest", "Additional properties are not allowed ('user' was unexpected)");
    }

    @Test
    void the_default_quota_class_sets_every_projects_defaults() {
        Tenant t = tenant("member");
        refused(call(t.api(), "GET", "/v2.1/os-quota-class-sets/default", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-quota-class-sets:show to be performed.");
        JsonObject v21 = ok(call(admin, "GET", "/v2.1/os-quota-class-sets/default", null, "2.1"))
                .getJsonObject("quota_class_set");
        assertThat(v21.getString("id")).isEqualTo("default");
        assertThat(v21.fieldNames()).contains("fixed_ips").doesNotContain("server_groups", "server_group_members");
        assertThat(ok(call(admin, "GET", "/v2.1/os-quota-class-sets/default", null, "2.50")).getJsonObject(
                "quota_class_set").fieldNames()).contains("server_groups").doesNotContain("fixed_ips");
        try {
            JsonObject updated = ok(call(admin, "PUT", "/v2.1/os-quota-class-sets/default", new JsonObject().put(
                    "quota_class_set", new JsonObject().put("instances", 110).put("key_pairs", "200")), "2.1"))
                    .getJsonObject("quota_class_set");
            assertThat(updated.containsKey("id")).isFalse();
            assertThat(updated.getMap()).containsEntry("instances", 110).containsEntry("key_pairs", 200);
            assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId() + "/defaults", null, "2.1"))
                    .getJsonObject("quota_set").getInteger("instances")).isEqualTo(110);
            assertThat(ok(call(t.api(), "GET", "/v2.1/limits", null, "2.1")).getJsonObject("limits")
                    .getJsonObject("absolute").getInteger("maxTotalInstances")).isEqualTo(110);
            // another class limits nobody
            ok(call(admin, "PUT", "/v2.1/os-quota-class-sets/gold", new JsonObject().put("quota_class_set",
                    new JsonObject().put("instances", 3)), "2.1"));
            assertThat(ok(call(admin, "GET", "/v2.1/os-quota-class-sets/gold", null, "2.1"))
                    .getJsonObject("quota_class_set").getInteger("instances")).isEqualTo(3);
            assertThat(ok(call(t.api(), "GET", "/v2.1/os-quota-sets/" + t.projectId(), null, "2.1"))
                    .getJsonObject("quota_set").getInteger("instances")).isEqualTo(110);
            refused(call(admin, "PUT", "/v2.1/os-quota-class-sets/default", new JsonObject().put("quota_class_set",
                    new JsonObject().put("fixed_ips", 3)), "2.50"), 400, "badRequest", "Invalid input for "
                    + "field/attribute quota_class_set. Value: {\"fixed_ips\":3}. Additional properties are not allowed "
                    + "('fixed_ips' was unexpected)");
        } finally {
            ok(call(admin, "PUT", "/v2.1/os-quota-class-sets/default", new JsonObject().put("quota_class_set",
                    new JsonObject().put("instances", 10).put("key_pairs", 100)), "2.1"));
        }
    }

    @Test
    void limits_show_the_projects_absolute_limits_and_use_by_microversion() throws Exception {
        Tenant t = tenant("member");
        String id = boot(t.api(), "vm", new JsonObject()).json().getJsonObject("server").getString("id");
        t.api().awaitStatus(id, "ACTIVE");
        JsonObject limits = ok(call(t.api(), "GET", "/v2.1/limits", null, "2.1")).getJsonObject("limits");
        assertThat(limits.getJsonArray("rate")).isEmpty();
        JsonObject absolute = limits.getJsonObject("absolute");
        assertThat(absolute.getMap()).containsEntry("maxTotalInstances", 10).containsEntry("maxTotalCores", 20)
                .containsEntry("maxTotalRAMSize", 51200).containsEntry("maxTotalKeypairs", 100)
                .containsEntry("maxServerMeta", 128).containsEntry("maxImageMeta", 128)
                .containsEntry("maxPersonality", 5).containsEntry("maxPersonalitySize", 10240)
                .containsEntry("maxSecurityGroups", -1).containsEntry("maxSecurityGroupRules", -1)
                .containsEntry("maxTotalFloatingIps", -1).containsEntry("maxServerGroups", 10)
                .containsEntry("maxServerGroupMembers", 10).containsEntry("totalInstancesUsed", 1)
                .containsEntry("totalCoresUsed", 1).containsEntry("totalRAMUsed", 512)
                .containsEntry("totalFloatingIpsUsed", 0).containsEntry("totalSecurityGroupsUsed", 0)
                .containsEntry("totalServerGroupsUsed", 0);
        assertThat(ok(call(t.api(), "GET", "/v2.1/limits", null, "2.36")).getJsonObject("limits")
                .getJsonObject("absolute").fieldNames()).doesNotContain("maxSecurityGroups", "maxTotalFloatingIps",
                "totalFloatingIpsUsed", "totalSecurityGroupsUsed").contains("maxImageMeta", "maxPersonality");
        assertThat(ok(call(t.api(), "GET", "/v2.1/limits", null, "2.57")).getJsonObject("limits")
                .getJsonObject("absolute").fieldNames()).doesNotContain("maxImageMeta", "maxPersonality",
                "maxPersonalitySize").contains("maxServerMeta");

        refused(call(t.api(), "GET", "/v2.1/limits?tenant_id=" + t.projectId(), null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:limits:other_project to be performed.");
        JsonObject theirs = ok(call(admin, "GET", "/v2.1/limits?tenant_id=" + t.projectId(), null, "2.1"))
                .getJsonObject("limits").getJsonObject("absolute");
        assertThat(theirs.getInteger("totalInstancesUsed")).isEqualTo(1);
    }

    @Test
    void a_server_create_over_the_instances_cores_or_ram_quota_is_refused_with_novas_403_and_makes_nothing()
            throws Exception {
        Tenant t = tenant("member");
        setQuota(t.projectId(), "", new JsonObject().put("instances", 2).put("cores", 10).put("ram", 2048), "2.1");
        for (String n : List.of("a", "b")) {
            assertThat(boot(t.api(), n, new JsonObject()).status()).isEqualTo(202);
        }
        refused(boot(t.api(), "c", new JsonObject()), 403, "forbidden",
                "Quota exceeded for instances: Requested 1, but already used 2 of 2 instances");
        setQuota(t.projectId(), "", new JsonObject().put("instances", 10).put("cores", 2), "2.1");
        refused(boot(t.api(), "c", new JsonObject()), 403, "forbidden",
                "Quota exceeded for cores: Requested 1, but already used 2 of 2 cores");
        setQuota(t.projectId(), "", new JsonObject().put("cores", 10).put("ram", 1024), "2.1");
        refused(boot(t.api(), "c", new JsonObject()), 403, "forbidden",
                "Quota exceeded for ram: Requested 512, but already used 1024 of 1024 ram");
        assertThat(servers(t.api())).hasSize(2);
        assertThat(ok(call(t.api(), "GET", "/v2.1/limits", null, "2.1")).getJsonObject("limits")
                .getJsonObject("absolute").getInteger("totalInstancesUsed")).isEqualTo(2);

        // a user limit of its own counts the user's servers
        setQuota(t.projectId(), "", new JsonObject().put("ram", -1), "2.1");
        setQuota(t.projectId(), "?user_id=" + t.userId(), new JsonObject().put("instances", 2), "2.1");
        refused(boot(t.api(), "c", new JsonObject()), 403, "forbidden",
                "Quota exceeded for instances: Requested 1, but already used 2 of 2 instances");
    }

    @Test
    void metadata_items_and_key_pairs_are_limited_by_their_quotas() {
        Tenant t = tenant("member");
        setQuota(t.projectId(), "", new JsonObject().put("metadata_items", 2).put("key_pairs", 1), "2.1");
        refused(boot(t.api(), "meta", new JsonObject().put("metadata", new JsonObject().put("a", "1").put("b", "2")
                .put("c", "3"))), 403, "forbidden", "Maximum number of metadata items exceeds 2");
        assertThat(servers(t.api())).isEmpty();
        assertThat(call(t.api(), "POST", "/v2.1/os-keypairs", new JsonObject().put("keypair",
                new JsonObject().put("name", "one")), "2.2").status()).isEqualTo(201);
        refused(call(t.api(), "POST", "/v2.1/os-keypairs", new JsonObject().put("keypair",
                new JsonObject().put("name", "two")), "2.2"), 403, "forbidden", "Quota exceeded, too many key pairs.");
        assertThat(ok(call(t.api(), "GET", "/v2.1/os-keypairs", null, "2.2")).getJsonArray("keypairs")).hasSize(1);
    }

    @Test
    void a_multiple_create_makes_numbered_servers_of_one_reservation_within_the_quota() throws Exception {
        Tenant t = tenant("member");
        Api.Response two = boot(t.api(), "web", new JsonObject().put("min_count", 2));
        assertThat(two.status()).as(two.body()).isEqualTo(202);
        assertThat(two.json().containsKey("reservation_id")).isFalse();
        List<JsonObject> made = servers(t.api());
        assertThat(made.stream().map(s -> s.getString("name"))).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(made.stream().map(s -> s.getString("id"))).contains(two.json().getJsonObject("server").getString("id"));
        List<JsonObject> asAdmin = made.stream().map(s -> ok(call(admin, "GET", "/v2.1/servers/" + s.getString("id"),
                null, "2.3")).getJsonObject("server")).toList();
        assertThat(asAdmin.stream().map(s -> s.getString("OS-EXT-SRV-ATTR:reservation_id")).distinct()).hasSize(1)
                .allMatch(r -> r.matches("r-[0-9a-z]{8}"));
        assertThat(asAdmin.stream().map(s -> s.getString("OS-EXT-SRV-ATTR:hostname") + "#"
                + s.getInteger("OS-EXT-SRV-ATTR:launch_index"))).containsExactlyInAnyOrder("web-1#0", "web-2#1");

        Api.Response reserved = boot(t.api(), "db", new JsonObject().put("min_count", 1).put("max_count", 2)
                .put("return_reservation_id", true));
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(202);
        assertThat(reserved.json().fieldNames()).containsExactly("reservation_id");
        assertThat(reserved.json().getString("reservation_id")).matches("r-[0-9a-z]{8}");

        // 4 servers now, quota 6: max_count 5 makes 2, min_count 3 makes none
        setQuota(t.projectId(), "", new JsonObject().put("instances", 6), "2.1");
        assertThat(boot(t.api(), "more", new JsonObject().put("max_count", 5)).status()).isEqualTo(202);
        assertThat(servers(t.api()).stream().filter(s -> s.getString("name").startsWith("more-"))).hasSize(2);
        setQuota(t.projectId(), "", new JsonObject().put("instances", 9), "2.1");
        refused(boot(t.api(), "many", new JsonObject().put("min_count", 4).put("max_count", 5)), 403, "forbidden",
                "Quota exceeded for instances: Requested 4-5, but already used 6 of 9 instances");
        assertThat(servers(t.api())).hasSize(6);
        server.awaitIdle();
    }

    @Test
    void racing_creates_never_end_over_the_quota_and_each_refusal_leaves_nothing() throws Exception {
        Tenant t = tenant("member");
        setQuota(t.projectId(), "", new JsonObject().put("instances", 2), "2.1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            answers.add(pool.submit((Callable<Integer>) () -> boot(t.api(), "race-" + n, new JsonObject()).status()));
        }
        int accepted = 0;
        for (Future<Integer> a : answers) {
            int status = a.get();
            assertThat(status).isIn(202, 403);
            accepted += status == 202 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(accepted).isBetween(0, 2);
        assertThat(servers(t.api())).hasSize(accepted);
        server.awaitIdle();
        JsonArray all = ok(call(admin, "GET", "/v2.1/servers?all_tenants=1&name=race-", null, "2.37"))
                .getJsonArray("servers");
        assertThat(all).hasSize(accepted);
    }
}
