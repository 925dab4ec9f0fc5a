package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonObject;
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

/**
 * Keystone's roles (global and domain-specific), role inference rules, the grant of a role to a user on a project,
 * and {@code GET /v3/role_assignments}.
 */
class RolesApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static String base;
    static Api admin;
    static Keystone keystone;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        base = server.baseUrl();
        admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        keystone = new Keystone(base, admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String grantPath(String project, String user, String role) {
        return "/identity/v3/projects/" + project + "/users/" + user + "/roles/" + role;
    }

    private static List<JsonObject> assignments(String query) {
        Api.Response r = admin.get("/identity/v3/role_assignments" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("role_assignments").stream().map(o -> (JsonObject) o).toList();
    }

    private static List<String> roleIds(List<JsonObject> assignments) {
        return assignments.stream().map(a -> a.getJsonObject("role").getString("id")).toList();
    }

    @Test
    void the_default_roles_are_listed_immutable_and_cannot_be_changed_or_deleted() {
        Api.Response list = admin.get("/identity/v3/roles");
        assertThat(ids(list.json(), "roles")).contains("admin", "member", "reader");
        assertThat(list.json().getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/roles"));
        assertThat(ids(admin.get("/identity/v3/roles?name=member").json(), "roles")).containsExactly("member");
        JsonObject admin_ = admin.get("/identity/v3/roles/admin").json().getJsonObject("role");
        assertThat(admin_.getJsonObject("options").getBoolean("immutable")).isTrue();
        assertThat(admin_.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/roles/admin"));

        assertKeystoneError(admin.delete("/identity/v3/roles/admin"), 403, "Forbidden");
        assertKeystoneError(patch(admin, "/identity/v3/roles/member", new JsonObject().put("role",
                new JsonObject().put("name", "boss"))), 403, "Forbidden");
        assertThat(admin.get("/identity/v3/roles/member").json().getJsonObject("role").getString("name"))
                .isEqualTo("member");
    }

    @Test
    void an_added_role_is_created_shown_renamed_granted_carried_in_tokens_and_deleted_with_its_grants() {
        Api.Response created = admin.post("/identity/v3/roles", new JsonObject().put("role",
                new JsonObject().put("name", "grader").put("description", "marks work")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String role = created.json().getJsonObject("role").getString("id");
        assertThat(created.json().getJsonObject("role").getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/roles/" + role));
        assertKeystoneError(admin.post("/identity/v3/roles", new JsonObject().put("role",
                new JsonObject().put("name", "grader"))), 409, "Conflict");
        assertThat(patch(admin, "/identity/v3/roles/" + role, new JsonObject().put("role",
                new JsonObject().put("name", "marker"))).status()).isEqualTo(200);
        assertThat(admin.get("/identity/v3/roles/" + role).json().getJsonObject("role").getString("name"))
                .isEqualTo("marker");

        String project = keystone.project("graded");
        String user = keystone.user("greta", "pw-greta");
        keystone.grant(project, user, role);
        JsonObject token = Keystone.login(base, "greta", "pw-greta", project).json().getJsonObject("token");
        assertThat(token.getJsonArray("roles").stream().map(o -> ((JsonObject) o).getString("name")))
                .containsExactly("marker");
        assertThat(Keystone.as(base, Keystone.login(base, "greta", "pw-greta", project)).post("/v2.1/servers",
                new JsonObject().put("server", new JsonObject().put("name", "x").put("imageRef", TestServers.CIRROS)
                        .put("flavorRef", "1").put("networks", "none"))).status())
                .as("a role that policy does not know allows no change").isEqualTo(403);

        assertThat(admin.delete("/identity/v3/roles/" + role).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/roles/" + role), 404, "Not Found");
        assertThat(assignments("?user.id=" + user)).isEmpty();
        assertKeystoneError(Keystone.login(base, "greta", "pw-greta", project), 401, "Unauthorized");
    }

    @Test
    void a_grant_is_put_checked_listed_and_removed_and_then_the_user_has_no_access() {
        String project = keystone.project("granted");
        String user = keystone.user("gus", "pw-gus");
        assertThat(admin.send("HEAD", grantPath(project, user, "member"), null, Map.of()).status()).isEqualTo(404);
        assertKeystoneError(admin.get(grantPath(project, user, "member")), 404, "Not Found");

        keystone.grant(project, user, "member");
        keystone.grant(project, user, "member");
        assertThat(admin.send("HEAD", grantPath(project, user, "member"), null, Map.of()).status()).isEqualTo(204);
        Api.Response listed = admin.get("/identity/v3/projects/" + project + "/users/" + user + "/roles");
        assertThat(ids(listed.json(), "roles")).containsExactly("member");
        assertThat(listed.json().getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/projects/" + project + "/users/" + user + "/roles"));
        Api gus = Keystone.as(base, Keystone.login(base, "gus", "pw-gus", project));
        assertThat(gus.get("/v2.1/servers").status()).isEqualTo(200);

        assertThat(admin.delete(grantPath(project, user, "member")).status()).isEqualTo(204);
        assertKeystoneError(admin.delete(grantPath(project, user, "member")), 404, "Not Found");
        assertThat(admin.send("HEAD", grantPath(project, user, "member"), null, Map.of()).status()).isEqualTo(404);
        assertThat(gus.get("/v2.1/servers").status()).as("no role left on the token's project").isEqualTo(401);
        assertKeystoneError(Keystone.login(base, "gus", "pw-gus", project), 401, "Unauthorized");
    }

    @Test
    void granting_needs_an_existing_project_user_and_role() {
        String project = keystone.project("grant-checks");
        String user = keystone.user("gil", "pw-gil");
        assertThat(assertKeystoneError(admin.send("PUT", grantPath(project, user, "no-such-role"), null, Map.of()),
                404, "Not Found").getString("message")).isEqualTo("Could not find role: no-such-role.");
        assertKeystoneError(admin.send("PUT", grantPath("no-such-project", user, "member"), null, Map.of()), 404,
                "Not Found");
        assertKeystoneError(admin.send("PUT", grantPath(project, "no-such-user", "member"), null, Map.of()), 404,
                "Not Found");
    }

    @Test
    void role_assignments_filter_by_user_project_and_role_and_expand_implied_roles_when_effective() {
        String project = keystone.project("assigned");
        String user = keystone.user("ada", "pw-ada");
        keystone.grant(project, user, "admin");

        List<JsonObject> direct = assignments("?user.id=" + user);
        assertThat(roleIds(direct)).containsExactly("admin");
        JsonObject one = direct.get(0);
        assertThat(one.getJsonObject("user").getString("id")).isEqualTo(user);
        assertThat(one.getJsonObject("scope").getJsonObject("project").getString("id")).isEqualTo(project);
        assertThat(one.getJsonObject("links").getString("assignment"))
                .isEqualTo(keystone.v3("/projects/" + project + "/users/" + user + "/roles/admin"));

        List<JsonObject> effective = assignments("?user.id=" + user + "&effective=true");
        assertThat(roleIds(effective)).containsExactlyInAnyOrder("admin", "member", "reader");
        JsonObject implied = effective.stream().filter(a -> a.getJsonObject("role").getString("id").equals("reader"))
                .findFirst().orElseThrow();
        assertThat(implied.getJsonObject("links").getString("prior_role")).isEqualTo(keystone.v3("/roles/member"));

        assertThat(roleIds(assignments("?scope.project.id=" + project + "&role.id=member&effective"))).containsExactly(
                "member");
        assertThat(assignments("?scope.project.id=" + project + "&role.id=member")).isEmpty();
        JsonObject named = assignments("?user.id=" + user + "&include_names=true").get(0);
        assertThat(named.getJsonObject("role").getString("name")).isEqualTo("admin");
        assertThat(named.getJsonObject("user").getString("name")).isEqualTo("ada");
        assertThat(named.getJsonObject("user").getJsonObject("domain").getString("name")).isEqualTo("Default");
        assertThat(named.getJsonObject("scope").getJsonObject("project").getString("name")).isEqualTo("assigned");
        assertThat(assignments("?scope.domain.id=default")).as("nobody holds a role on the domain").isEmpty();
        assertThat(admin.get("/identity/v3/role_assignments").json().getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/role_assignments"));
    }

    @Test
    void a_domain_role_is_listed_only_with_its_domain_granted_only_on_its_projects_and_in_no_token() {
        String domain = keystone.domain("roles-domain");
        String other = keystone.domain("other-roles-domain");
        String role = keystone.role(new JsonObject().put("name", "steward").put("domain_id", domain));
        keystone.role(new JsonObject().put("name", "steward").put("domain_id", other));
        assertKeystoneError(admin.post("/identity/v3/roles", new JsonObject().put("role", new JsonObject()
                .put("name", "steward").put("domain_id", domain))), 409, "Conflict");
        JsonObject shown = admin.get("/identity/v3/roles/" + role).json().getJsonObject("role");
        assertThat(shown.getString("domain_id")).isEqualTo(domain);
        assertThat(ids(admin.get("/identity/v3/roles?domain_id=" + domain).json(), "roles")).containsExactly(role);
        assertThat(ids(admin.get("/identity/v3/roles").json(), "roles")).as("without domain_id: the global roles")
                .doesNotContain(role).contains("admin");
        assertThat(admin.get("/identity/v3/roles").json().getJsonArray("roles").getJsonObject(0).containsKey("domain_id"))
                .isTrue();
        assertKeystoneError(patch(admin, "/identity/v3/roles/" + role, new JsonObject().put("role",
                new JsonObject().put("domain_id", other))), 400, "Bad Request");

        String inside = keystone.createProject(new JsonObject().put("name", "inside").put("domain_id", domain))
                .getString("id");
        String outside = keystone.project("outside");
        String user = keystone.user("stew", "pw-stew");
        assertThat(assertKeystoneError(admin.send("PUT", grantPath(outside, user, role), null, Map.of()), 403,
                "Forbidden").getString("message")).isEqualTo("Project " + outside + " must be in the same domain as "
                + "the role " + role + " being assigned.");
        keystone.grant(inside, user, role);
        assertThat(roleIds(assignments("?user.id=" + user))).as("listed directly").containsExactly(role);
        assertThat(assignments("?user.id=" + user + "&effective")).as("but a domain role gives no role itself")
                .isEmpty();
        assertKeystoneError(Keystone.login(base, "stew", "pw-stew", inside), 401, "Unauthorized");

        keystone.imply(role, "member");
        assertThat(roleIds(assignments("?user.id=" + user + "&effective"))).containsExactlyInAnyOrder("member",
                "reader");
        assertThat(Keystone.roleNames(Keystone.login(base, "stew", "pw-stew", inside))).as("what it implies")
                .containsExactlyInAnyOrder("member", "reader");

        assertThat(admin.delete("/identity/v3/roles/" + role).status()).isEqualTo(204);
        assertThat(admin.get("/identity/v3/roles?domain_id=" + domain).json().getJsonArray("roles")).isEmpty();
        assertThat(assignments("?user.id=" + user)).isEmpty();
    }

    @Test
    void inference_rules_are_put_shown_checked_listed_and_deleted_and_imply_roles_in_tokens() {
        String senior = keystone.role(new JsonObject().put("name", "senior"));
        String junior = keystone.role(new JsonObject().put("name", "junior"));
        String intern = keystone.role(new JsonObject().put("name", "intern"));
        String rule = "/identity/v3/roles/" + senior + "/implies/" + junior;
        assertThat(admin.send("HEAD", rule, null, Map.of()).status()).isEqualTo(404);
        assertThat(assertKeystoneError(admin.get(rule), 404, "Not Found").getString("message"))
                .isEqualTo(senior + " does not imply " + junior + ".");

        Api.Response put = admin.send("PUT", rule, null, Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        JsonObject inference = put.json().getJsonObject("role_inference");
        assertThat(inference.getJsonObject("prior_role").getString("name")).isEqualTo("senior");
        assertThat(inference.getJsonObject("implies").getString("id")).isEqualTo(junior);
        assertThat(inference.getJsonObject("implies").getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/roles/" + junior));
        assertKeystoneError(admin.send("PUT", rule, null, Map.of()), 409, "Conflict");
        assertThat(admin.get(rule).json()).isEqualTo(put.json());
        assertThat(admin.send("HEAD", rule, null, Map.of()).status()).isEqualTo(204);
        keystone.imply(senior, intern);
        keystone.imply(junior, intern);

        JsonObject implied = admin.get("/identity/v3/roles/" + senior + "/implies").json();
        assertThat(implied.getJsonObject("role_inference").getJsonArray("implies").stream()
                .map(o -> ((JsonObject) o).getString("id"))).containsExactlyInAnyOrder(junior, intern);
        List<JsonObject> all = admin.get("/identity/v3/role_inferences").json().getJsonArray("role_inferences")
                .stream().map(o -> (JsonObject) o).toList();
        assertThat(all.stream().map(r -> r.getJsonObject("prior_role").getString("id")))
                .as("the default rules are rows too").contains("admin", "member", senior, junior);

        String project = keystone.project("ranks");
        String user = keystone.user("sen", "pw-sen");
        keystone.grant(project, user, senior);
        assertThat(Keystone.roleNames(Keystone.login(base, "sen", "pw-sen", project)))
                .containsExactlyInAnyOrder("senior", "junior", "intern");
        JsonObject viaJunior = assignments("?user.id=" + user + "&effective").stream()
                .filter(a -> a.getJsonObject("role").getString("id").equals(intern)
                        && a.getJsonObject("links").getString("prior_role").endsWith(junior)).findFirst().orElseThrow();
        assertThat(viaJunior.getJsonObject("links").getString("assignment"))
                .isEqualTo(keystone.v3("/projects/" + project + "/users/" + user + "/roles/" + junior));

        assertThat(admin.delete(rule).status()).isEqualTo(204);
        assertKeystoneError(admin.delete(rule), 404, "Not Found");
        assertThat(Keystone.roleNames(Keystone.login(base, "sen", "pw-sen", project)))
                .containsExactlyInAnyOrder("senior", "intern");
        assertThat(admin.delete("/identity/v3/roles/" + intern).status()).isEqualTo(204);
        assertThat(admin.get("/identity/v3/roles/" + senior + "/implies").json().getJsonObject("role_inference")
                .getJsonArray("implies")).as("a deleted role's rules go with it").isEmpty();
    }

    @Test
    void no_role_implies_admin_and_a_global_role_implies_no_domain_role() {
        String domain = keystone.domain("implied-domain");
        String global = keystone.role(new JsonObject().put("name", "global-prior"));
        String local = keystone.role(new JsonObject().put("name", "local").put("domain_id", domain));
        assertThat(assertKeystoneError(admin.send("PUT", "/identity/v3/roles/" + global + "/implies/admin", null,
                Map.of()), 403, "Forbidden").getString("message")).isEqualTo("admin cannot be an implied roles.");
        assertThat(assertKeystoneError(admin.send("PUT", "/identity/v3/roles/" + global + "/implies/" + local, null,
                Map.of()), 403, "Forbidden").getString("message"))
                .isEqualTo("Global role cannot imply a domain-specific role");
        keystone.imply(local, global);
        assertKeystoneError(admin.send("PUT", "/identity/v3/roles/" + global + "/implies/no-such-role", null,
                Map.of()), 404, "Not Found");
    }

    @Test
    void only_an_admin_manages_roles_and_grants() {
        String project = keystone.project("policy");
        String user = keystone.user("mo", "pw-mo");
        keystone.grant(project, user, "member");
        Api mo = Keystone.as(base, Keystone.login(base, "mo", "pw-mo", project));

        assertKeystoneError(mo.get("/identity/v3/roles"), 403, "Forbidden");
        assertKeystoneError(mo.post("/identity/v3/roles", new JsonObject().put("role",
                new JsonObject().put("name", "mine"))), 403, "Forbidden");
        assertThat(assertKeystoneError(mo.send("PUT", grantPath(project, user, "admin"), null, Map.of()), 403,
                "Forbidden").getString("message")).endsWith("identity:create_grant.");
        assertKeystoneError(mo.delete(grantPath(project, user, "member")), 403, "Forbidden");
        assertKeystoneError(mo.get("/identity/v3/role_assignments?user.id=" + user), 403, "Forbidden");
        assertThat(mo.get("/v2.1/servers").status()).as("still a member").isEqualTo(200);
    }
}
