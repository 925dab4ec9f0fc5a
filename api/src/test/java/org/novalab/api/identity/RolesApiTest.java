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

/** Keystone's roles, the grant of a role to a user on a project, and {@code GET /v3/role_assignments}. */
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
        assertThat(assignments("?scope.domain.id=default")).as("novalab grants roles on projects only").isEmpty();
        assertThat(admin.get("/identity/v3/role_assignments").json().getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/role_assignments"));
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
