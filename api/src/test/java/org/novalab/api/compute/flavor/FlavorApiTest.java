package org.novalab.api.compute.flavor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * Flavors as Nova manages them: deleted while servers keep their copy, extra specs per key (judged by Nova's
 * validators from 2.86), private flavors given to projects, and the list's filters, sorting and paging.
 */
class FlavorApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static String memberProject;
    static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        memberProject = users.project("plum");
        users.user("pia", memberProject, "member");
        member = Api.login(server.baseUrl(), "pia", "pw-pia", "plum");
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

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    /** Creates a flavor as admin; returns its id. */
    static String flavor(String name, int ram, int disk, boolean isPublic) {
        String id = "f-" + IDS.incrementAndGet();
        ok(call(admin, "POST", "/v2.1/flavors", new JsonObject().put("flavor", new JsonObject().put("name", name)
                .put("id", id).put("ram", ram).put("vcpus", 1).put("disk", disk)
                .put("os-flavor-access:is_public", isPublic)), "2.1"));
        return id;
    }

    static List<String> names(Api.Response r) {
        return ok(r).getJsonArray("flavors").stream().map(o -> ((JsonObject) o).getString("name")).toList();
    }

    @Test
    void a_flavor_is_deleted_while_its_servers_keep_their_copy_of_it() throws Exception {
        String id = flavor("doomed", 256, 1, true);
        call(admin, "POST", "/v2.1/flavors/" + id + "/os-extra_specs", new JsonObject().put("extra_specs",
                new JsonObject().put("hw:cpu_policy", "shared")), "2.1");
        Api.Response created = call(admin, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "kept").put("imageRef", TestServers.CIRROS).put("flavorRef", id).put("networks", "none")),
                "2.37");
        String vm = created.json().getJsonObject("server").getString("id");
        admin.awaitStatus(vm, "ACTIVE");

        refused(call(member, "DELETE", "/v2.1/flavors/" + id, null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-flavor-manage:delete to be performed.");
        assertThat(call(admin, "DELETE", "/v2.1/flavors/" + id, null, "2.1").status()).isEqualTo(202);
        refused(call(admin, "GET", "/v2.1/flavors/" + id, null, "2.1"), 404, "itemNotFound",
                "Flavor " + id + " could not be found.");
        refused(call(admin, "DELETE", "/v2.1/flavors/" + id, null, "2.1"), 404, "itemNotFound",
                "Flavor " + id + " could not be found.");
        assertThat(names(call(admin, "GET", "/v2.1/flavors", null, "2.1"))).doesNotContain("doomed");

        JsonObject embedded = ok(call(admin, "GET", "/v2.1/servers/" + vm, null, "2.47")).getJsonObject("server")
                .getJsonObject("flavor");
        assertThat(embedded.getMap()).containsEntry("original_name", "doomed").containsEntry("ram", 256)
                .containsEntry("vcpus", 1).containsEntry("disk", 1);
        assertThat(embedded.getJsonObject("extra_specs").getString("hw:cpu_policy")).isEqualTo("shared");
        assertThat(ok(call(admin, "GET", "/v2.1/servers/" + vm, null, "2.1")).getJsonObject("server")
                .getJsonObject("flavor").getString("id")).isEqualTo(id);
        assertThat(ok(call(admin, "GET", "/v2.1/os-hypervisors/detail", null, "2.1")).getJsonArray("hypervisors")
                .getJsonObject(0).getInteger("memory_mb_used")).isEqualTo(512 + 256);
        assertThat(admin.delete("/v2.1/servers/" + vm).status()).isEqualTo(204);
        admin.awaitGone(vm);
    }

    @Test
    void extra_specs_are_set_read_updated_and_removed_one_key_at_a_time() {
        String id = flavor("specs", 128, 1, true);
        String e = "/v2.1/flavors/" + id + "/os-extra_specs";
        JsonObject set = ok(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject()
                .put("hw:numa_nodes", "1").put("quota:cpu_shares", 1024)), "2.1"));
        assertThat(set.getJsonObject("extra_specs").getValue("quota:cpu_shares")).as("answered as sent").isEqualTo(1024);
        assertThat(ok(call(member, "GET", e, null, "2.1")).getJsonObject("extra_specs").getMap())
                .containsEntry("hw:numa_nodes", "1").containsEntry("quota:cpu_shares", "1024");
        assertThat(ok(call(admin, "PUT", e + "/hw:numa_nodes", new JsonObject().put("hw:numa_nodes", "2"), "2.1"))
                .getString("hw:numa_nodes")).isEqualTo("2");
        assertThat(ok(call(member, "GET", e + "/hw:numa_nodes", null, "2.1")).getString("hw:numa_nodes")).isEqualTo("2");
        refused(call(admin, "PUT", e + "/hw:numa_nodes", new JsonObject().put("hw:cpu_policy", "shared"), "2.1"), 400,
                "badRequest", "Request body and URI mismatch");
        assertThat(call(admin, "PUT", e + "/hw:numa_nodes", new JsonObject().put("hw:numa_nodes", "1")
                .put("hw:cpu_policy", "shared"), "2.1").body()).contains("has too many properties");
        refused(call(member, "PUT", e + "/hw:numa_nodes", new JsonObject().put("hw:numa_nodes", "3"), "2.1"), 403,
                "forbidden", "Policy doesn't allow os_compute_api:os-flavor-extra-specs:update to be performed.");
        assertThat(call(admin, "DELETE", e + "/hw:numa_nodes", null, "2.1").status()).isEqualTo(200);
        refused(call(admin, "GET", e + "/hw:numa_nodes", null, "2.1"), 404, "itemNotFound",
                "Flavor " + id + " has no extra specs with key hw:numa_nodes.");
        refused(call(admin, "DELETE", e + "/hw:numa_nodes", null, "2.1"), 404, "itemNotFound",
                "Flavor " + id + " has no extra specs with key hw:numa_nodes.");
        assertThat(ok(call(admin, "GET", "/v2.1/flavors/" + id, null, "2.61")).getJsonObject("flavor")
                .getJsonObject("extra_specs").getMap()).containsOnly(Map.entry("quota:cpu_shares", "1024"));
    }

    @Test
    void from_2_86_extra_specs_are_judged_by_novas_validators() {
        String id = flavor("judged", 128, 1, true);
        String e = "/v2.1/flavors/" + id + "/os-extra_specs";
        refused(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject().put("hw:cpu_policy",
                "bogus")), "2.86"), 400, "badRequest",
                "Validation failed; 'bogus' is not one of: dedicated, shared, mixed.");
        refused(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject().put("hw:numa_nodes",
                "many")), "2.86"), 400, "badRequest", "Validation failed; 'many' is not a valid integer value.");
        refused(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject().put("hw:numa_nodes",
                "0")), "2.86"), 400, "badRequest", "Validation failed; '0' is less than the min value of '1'.");
        refused(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject().put("hw:cpu_numa",
                "x")), "2.86"), 400, "badRequest",
                "Validation failed; extra spec 'hw:cpu_numa' does not appear to be a valid extra spec.");
        refused(call(admin, "PUT", e + "/trait:NOT_A_TRAIT", new JsonObject().put("trait:NOT_A_TRAIT", "required"),
                "2.86"), 400, "badRequest",
                "Validation failed; extra spec 'trait:NOT_A_TRAIT' does not appear to be a valid extra spec.");
        refused(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject()
                .put("hw:mem_encryption", "maybe")), "2.86"), 400, "badRequest",
                "Validation failed; 'maybe' is not a valid boolean-like value.");
        assertThat(call(admin, "GET", e, null, "2.86").json().getJsonObject("extra_specs").isEmpty())
                .as("nothing of a refused request is kept").isTrue();

        JsonObject valid = new JsonObject().put("hw:cpu_policy", "dedicated").put("hw:numa_nodes", "2")
                .put("hw:numa_cpus.0", "0-3").put("trait:HW_CPU_X86_AVX2", "required")
                .put("trait:CUSTOM_GPU", "forbidden").put("resources:VCPU", "2").put("my-own:anything", "goes")
                .put("hw:ephemeral_encryption", "true").put("hw:ephemeral_encryption_format", "qcow");
        assertThat(call(admin, "POST", e, new JsonObject().put("extra_specs", valid), "2.86").status()).isEqualTo(200);
        // before 2.86 Nova takes any value
        assertThat(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject().put("hw:cpu_policy",
                "bogus")), "2.85").status()).isEqualTo(200);
        // novalab checks the encryption specs it acts on at every microversion
        refused(call(admin, "POST", e, new JsonObject().put("extra_specs", new JsonObject()
                .put("hw:ephemeral_encryption_format", "luksv2")), "2.86"), 400, "badRequest",
                "Validation failed; hw:ephemeral_encryption_format must be luks or qcow");
    }

    @Test
    void a_private_flavor_is_seen_and_used_only_by_the_projects_it_is_given_to() throws Exception {
        String id = flavor("private-one", 128, 1, false);
        assertThat(names(call(member, "GET", "/v2.1/flavors", null, "2.1"))).doesNotContain("private-one");
        refused(call(member, "GET", "/v2.1/flavors/" + id, null, "2.1"), 404, "itemNotFound",
                "Flavor " + id + " could not be found.");
        JsonObject boot = new JsonObject().put("server", new JsonObject().put("name", "p").put("imageRef",
                TestServers.CIRROS).put("flavorRef", id).put("networks", "none"));
        refused(call(member, "POST", "/v2.1/servers", boot, "2.37"), 400, "badRequest",
                "Flavor " + id + " could not be found.");

        JsonArray access = ok(call(admin, "POST", "/v2.1/flavors/" + id + "/action", new JsonObject().put(
                "addTenantAccess", new JsonObject().put("tenant", memberProject)), "2.7")).getJsonArray("flavor_access");
        assertThat(access).containsExactly(new JsonObject().put("flavor_id", id).put("tenant_id", memberProject));
        assertThat(ok(call(admin, "GET", "/v2.1/flavors/" + id + "/os-flavor-access", null, "2.1"))
                .getJsonArray("flavor_access")).hasSize(1);
        assertThat(names(call(member, "GET", "/v2.1/flavors", null, "2.1"))).contains("private-one");
        assertThat(ok(call(member, "GET", "/v2.1/flavors/" + id, null, "2.1")).getJsonObject("flavor")
                .getBoolean("os-flavor-access:is_public")).isFalse();
        Api.Response used = call(member, "POST", "/v2.1/servers", boot, "2.37");
        assertThat(used.status()).as(used.body()).isEqualTo(202);
        member.awaitStatus(used.json().getJsonObject("server").getString("id"), "ACTIVE");

        refused(call(admin, "POST", "/v2.1/flavors/" + id + "/action", new JsonObject().put("addTenantAccess",
                new JsonObject().put("tenant", memberProject)), "2.7"), 409, "conflictingRequest",
                "Flavor access already exists for flavor " + id + " and project " + memberProject + " combination.");
        refused(call(admin, "POST", "/v2.1/flavors/" + id + "/action", new JsonObject().put("addTenantAccess",
                new JsonObject().put("tenant", "nobody")), "2.7"), 400, "badRequest",
                "Project ID nobody is not a valid project.");
        refused(call(member, "POST", "/v2.1/flavors/" + id + "/action", new JsonObject().put("removeTenantAccess",
                new JsonObject().put("tenant", memberProject)), "2.7"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-flavor-access:remove_tenant_access to be performed.");
        assertThat(ok(call(admin, "POST", "/v2.1/flavors/" + id + "/action", new JsonObject().put(
                "removeTenantAccess", new JsonObject().put("tenant", memberProject)), "2.7"))
                .getJsonArray("flavor_access")).isEmpty();
        refused(call(admin, "POST", "/v2.1/flavors/" + id + "/action", new JsonObject().put("removeTenantAccess",
                new JsonObject().put("tenant", memberProject)), "2.7"), 404, "itemNotFound",
                "Flavor access not found for " + id + " / " + memberProject + " combination.");
        assertThat(names(call(member, "GET", "/v2.1/flavors", null, "2.1"))).doesNotContain("private-one");

        refused(call(admin, "GET", "/v2.1/flavors/1/os-flavor-access", null, "2.1"), 404, "itemNotFound",
                "Access list not available for public flavors.");
        refused(call(admin, "POST", "/v2.1/flavors/1/action", new JsonObject().put("addTenantAccess",
                new JsonObject().put("tenant", memberProject)), "2.7"), 409, "conflictingRequest",
                "Can not add access to a public flavor.");
        refused(call(member, "GET", "/v2.1/flavors/1/os-flavor-access", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-flavor-access to be performed.");
    }

    @Test
    void the_list_is_filtered_sorted_and_paged_as_novas() {
        String big = flavor("zz-big", 8192, 80, true);
        String hidden = flavor("zz-hidden", 64, 1, false);
        assertThat(names(call(admin, "GET", "/v2.1/flavors?minRam=8000", null, "2.1"))).containsExactly("zz-big");
        assertThat(names(call(admin, "GET", "/v2.1/flavors?minDisk=50", null, "2.1"))).containsExactly("zz-big");
        assertThat(names(call(admin, "GET", "/v2.1/flavors?is_public=false", null, "2.1"))).contains("zz-hidden")
                .doesNotContain("m1.tiny");
        assertThat(names(call(admin, "GET", "/v2.1/flavors?is_public=none", null, "2.1"))).contains("zz-hidden",
                "m1.tiny");
        assertThat(names(call(admin, "GET", "/v2.1/flavors", null, "2.1"))).doesNotContain("zz-hidden");
        assertThat(names(call(member, "GET", "/v2.1/flavors?is_public=false", null, "2.1"))).doesNotContain("zz-hidden")
                .contains("m1.tiny");
        refused(call(admin, "GET", "/v2.1/flavors?is_public=perhaps", null, "2.1"), 400, "badRequest",
                "Invalid is_public filter [perhaps]");
        refused(call(admin, "GET", "/v2.1/flavors?minRam=lots", null, "2.1"), 400, "badRequest",
                "Invalid minRam filter [lots]");
        assertThat(call(admin, "GET", "/v2.1/flavors?sort_key=size", null, "2.1").body())
                .contains("Invalid input for query parameters sort_key. Value: size. 'size' is not one of");

        List<String> byName = names(call(admin, "GET", "/v2.1/flavors?sort_key=name&sort_dir=desc", null, "2.1"));
        assertThat(byName.get(0)).isEqualTo("zz-big");
        assertThat(byName).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<String> ids = ok(call(admin, "GET", "/v2.1/flavors", null, "2.1")).getJsonArray("flavors").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
        assertThat(ids).as("Nova sorts by flavor id by default").isSorted();

        JsonObject first = ok(call(admin, "GET", "/v2.1/flavors?limit=2", null, "2.1"));
        assertThat(first.getJsonArray("flavors")).hasSize(2);
        String href = first.getJsonArray("flavors_links").getJsonObject(0).getString("href");
        assertThat(href).isEqualTo(server.baseUrl() + "/v2.1/flavors?limit=2&marker=" + ids.get(1));
        assertThat(ok(call(admin, "GET", href.substring(server.baseUrl().length()), null, "2.1"))
                .getJsonArray("flavors").getJsonObject(0).getString("id")).isEqualTo(ids.get(2));
        refused(call(admin, "GET", "/v2.1/flavors?marker=nope", null, "2.1"), 400, "badRequest",
                "marker [nope] not found");
        assertThat(big).isNotEqualTo(hidden);
    }

    @Test
    void from_2_55_an_admin_changes_a_flavors_description() {
        String id = flavor("described", 128, 1, true);
        assertThat(ok(call(admin, "PUT", "/v2.1/flavors/" + id, new JsonObject().put("flavor", new JsonObject()
                .put("description", "for small jobs")), "2.55")).getJsonObject("flavor").getString("description"))
                .isEqualTo("for small jobs");
        assertThat(ok(call(member, "GET", "/v2.1/flavors/" + id, null, "2.55")).getJsonObject("flavor")
                .getString("description")).isEqualTo("for small jobs");
        assertThat(call(admin, "PUT", "/v2.1/flavors/" + id, new JsonObject().put("flavor", new JsonObject()
                .put("description", "x")), "2.54").status()).isEqualTo(404);
        refused(call(member, "PUT", "/v2.1/flavors/" + id, new JsonObject().put("flavor", new JsonObject()
                .put("description", "mine")), "2.55"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-flavor-manage:update to be performed.");
    }
}
