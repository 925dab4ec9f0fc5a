package org.novalab.api.compute.group;

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
 * {@code /os-server-groups} as Nova answers it, and the scheduler honouring a group named by the {@code group} hint:
 * on novalab's one compute host an anti-affinity group takes one member, the next fails with NoValidHost.
 */
class ServerGroupApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static Api other;
    static String project;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        project = users.project("rose");
        users.user("ron", project, "member");
        users.user("otto", users.project("onyx"), "member");
        member = Api.login(server.baseUrl(), "ron", "pw-ron", "rose");
        other = Api.login(server.baseUrl(), "otto", "pw-otto", "onyx");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
        for (Object o : call(admin, "GET", "/v2.1/os-server-groups?all_projects=1", null, "2.1").json()
                .getJsonArray("server_groups")) {
            call(admin, "DELETE", "/v2.1/os-server-groups/" + ((JsonObject) o).getString("id"), null, "2.1");
        }
        call(admin, "DELETE", "/v2.1/os-quota-sets/" + project, null, "2.1");
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

    static String group(Api who, String policy) {
        return ok(call(who, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "g-" + policy).put("policy", policy)), "2.64")).getJsonObject("server_group")
                .getString("id");
    }

    static Api.Response bootInto(Api who, String name, String group) {
        return call(who, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))
                .put("os:scheduler_hints", new JsonObject().put("group", group)), "2.71");
    }

    static String booted(Api who, String name, String group, String status) throws Exception {
        Api.Response r = bootInto(who, name, group);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        who.awaitStatus(id, status);
        return id;
    }

    @Test
    void a_group_is_created_with_policies_before_2_64_and_a_policy_and_rules_from_it() {
        JsonObject v21 = ok(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group",
                new JsonObject().put("name", "web").put("policies", new JsonArray().add("anti-affinity"))), "2.1"))
                .getJsonObject("server_group");
        assertThat(v21.getMap()).containsEntry("name", "web").containsKeys("id", "metadata")
                .doesNotContainKeys("project_id", "policy");
        assertThat(v21.getJsonArray("policies")).containsExactly("anti-affinity");
        assertThat(v21.getJsonArray("members")).isEmpty();
        assertThat(ok(call(member, "GET", "/v2.1/os-server-groups/" + v21.getString("id"), null, "2.13"))
                .getJsonObject("server_group").getString("project_id")).isEqualTo(project);
        assertThat(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "soft").put("policies", new JsonArray().add("soft-affinity"))), "2.14").body())
                .contains("'soft-affinity' is not one of ['anti-affinity', 'affinity']");
        assertThat(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "soft").put("policies", new JsonArray().add("soft-affinity"))), "2.15").status())
                .isEqualTo(200);

        JsonObject v264 = ok(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group",
                new JsonObject().put("name", "db").put("policy", "anti-affinity").put("rules", new JsonObject()
                        .put("max_server_per_host", 2))), "2.64")).getJsonObject("server_group");
        assertThat(v264.getString("policy")).isEqualTo("anti-affinity");
        assertThat(v264.getJsonObject("rules").getInteger("max_server_per_host")).isEqualTo(2);
        assertThat(v264.containsKey("policies")).isFalse();
        refused(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "x").put("policy", "affinity").put("rules", new JsonObject().put("max_server_per_host",
                        2))), "2.64"), 400, "badRequest", "Only anti-affinity policy supports rules.");
        assertThat(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "x").put("policy", "anti-affinity").put("rules", new JsonObject()
                        .put("max_server_per_host", 0))), "2.64").body()).contains("is less than the minimum of 1");
        assertThat(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "x").put("policies", new JsonArray().add("affinity"))), "2.64").body())
                .contains("Additional properties are not allowed");
    }

    @Test
    void groups_belong_to_their_project_and_an_admin_sees_them_all() {
        String mine = group(member, "affinity");
        String theirs = group(other, "affinity");
        assertThat(ids(member, "")).containsExactly(mine);
        assertThat(ids(member, "?all_projects=1")).as("only an admin sees all").containsExactly(mine);
        assertThat(ids(admin, "?all_projects=1")).contains(mine, theirs);
        refused(call(member, "GET", "/v2.1/os-server-groups/" + theirs, null, "2.64"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-server-groups:show to be performed.");
        refused(call(member, "DELETE", "/v2.1/os-server-groups/" + theirs, null, "2.64"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-server-groups:delete to be performed.");
        assertThat(call(member, "DELETE", "/v2.1/os-server-groups/" + mine, null, "2.64").status()).isEqualTo(204);
        refused(call(member, "GET", "/v2.1/os-server-groups/" + mine, null, "2.64"), 404, "itemNotFound",
                "Instance group " + mine + " could not be found.");
        refused(bootInto(member, "x", theirs), 400, "badRequest", "Instance group " + theirs + " could not be found.");
    }

    private static List<String> ids(Api who, String query) {
        return ok(call(who, "GET", "/v2.1/os-server-groups" + query, null, "2.64")).getJsonArray("server_groups")
                .stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void on_one_host_an_anti_affinity_group_places_one_member_and_the_next_fails_with_no_valid_host()
            throws Exception {
        String g = group(member, "anti-affinity");
        String first = booted(member, "first", g, "ACTIVE");
        String second = booted(member, "second", g, "ERROR");
        JsonObject failed = ok(call(member, "GET", "/v2.1/servers/" + second, null, "2.71")).getJsonObject("server");
        assertThat(failed.getJsonObject("fault").getString("message"))
                .isEqualTo("No valid host was found. There are not enough hosts available.");
        assertThat(failed.getJsonArray("server_groups")).containsExactly(g);
        assertThat(ok(call(member, "GET", "/v2.1/os-server-groups/" + g, null, "2.64")).getJsonObject("server_group")
                .getJsonArray("members")).containsExactlyInAnyOrder(first, second);

        assertThat(member.delete("/v2.1/servers/" + first).status()).isEqualTo(204);
        member.awaitGone(first);
        assertThat(member.delete("/v2.1/servers/" + second).status()).isEqualTo(204);
        member.awaitGone(second);
        assertThat(ok(call(member, "GET", "/v2.1/os-server-groups/" + g, null, "2.64")).getJsonObject("server_group")
                .getJsonArray("members")).as("deleted servers leave the group").isEmpty();
        booted(member, "again", g, "ACTIVE");
    }

    @Test
    void affinity_soft_policies_and_max_server_per_host_place_as_nova_does() throws Exception {
        String together = group(member, "affinity");
        booted(member, "a1", together, "ACTIVE");
        booted(member, "a2", together, "ACTIVE");
        String soft = group(member, "soft-anti-affinity");
        booted(member, "s1", soft, "ACTIVE");
        booted(member, "s2", soft, "ACTIVE");
        String two = ok(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group",
                new JsonObject().put("name", "two").put("policy", "anti-affinity").put("rules", new JsonObject()
                        .put("max_server_per_host", 2))), "2.64")).getJsonObject("server_group").getString("id");
        booted(member, "t1", two, "ACTIVE");
        booted(member, "t2", two, "ACTIVE");
        booted(member, "t3", two, "ERROR");
        assertThat(ok(call(member, "GET", "/v2.1/servers/detail", null, "2.70")).getJsonArray("servers")
                .getJsonObject(0).containsKey("server_groups")).as("shown from 2.71").isFalse();
    }

    @Test
    void the_server_group_quotas_limit_groups_and_their_members() throws Exception {
        call(admin, "PUT", "/v2.1/os-quota-sets/" + project, new JsonObject().put("quota_set", new JsonObject()
                .put("server_groups", 1).put("server_group_members", 1)), "2.1");
        String g = group(member, "soft-affinity");
        refused(call(member, "POST", "/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "more").put("policy", "affinity")), "2.64"), 403, "forbidden",
                "Quota exceeded, too many server groups.");
        assertThat(ok(call(member, "GET", "/v2.1/limits", null, "2.1")).getJsonObject("limits")
                .getJsonObject("absolute").getInteger("totalServerGroupsUsed")).isEqualTo(1);
        booted(member, "only", g, "ACTIVE");
        refused(bootInto(member, "over", g), 403, "forbidden", "Quota exceeded, too many servers in group");
        assertThat(ok(call(member, "GET", "/v2.1/servers", null, "2.1")).getJsonArray("servers")).hasSize(1);
    }
}
