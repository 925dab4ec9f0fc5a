package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.roleIds;
import static org.novalab.api.identity.Keystone.roleNames;

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
 * Grants beyond a user's on a project: on a domain, on the system, inherited by the projects below (OS-INHERIT),
 * the tokens scoped to a domain or the system that they allow, and how {@code GET /v3/role_assignments} lists them.
 */
class GrantsApiTest {
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

    private static int head(String path) {
        return admin.send("HEAD", "/identity/v3" + path, null, Map.of()).status();
    }

    private static JsonObject domainScope(String domain) {
        return new JsonObject().put("domain", new JsonObject().put("id", domain));
    }

    @Test
    void a_role_on_a_domain_is_granted_to_a_user_or_a_group_and_allows_a_domain_scoped_token() {
        String domain = keystone.domain("granted-domain");
        String direct = keystone.user("dom", "pw-dom");
        String viaGroup = keystone.user("dana", "pw-dana");
        String group = keystone.group("domain-readers");
        keystone.put("/groups/" + group + "/users/" + viaGroup);
        assertKeystoneError(Keystone.loginScoped(base, "dom", "pw-dom", domainScope(domain)), 401, "Unauthorized");

        keystone.put("/domains/" + domain + "/users/" + direct + "/roles/member");
        keystone.put("/domains/" + domain + "/groups/" + group + "/roles/reader");
        assertThat(head("/domains/" + domain + "/users/" + direct + "/roles/member")).isEqualTo(204);
        assertThat(head("/domains/" + domain + "/groups/" + group + "/roles/member")).isEqualTo(404);
        assertThat(ids(admin.get("/identity/v3/domains/" + domain + "/groups/" + group + "/roles").json(), "roles"))
                .containsExactly("reader");

        Api.Response login = Keystone.loginScoped(base, "dom", "pw-dom", domainScope(domain));
        JsonObject token = login.json().getJsonObject("token");
        assertThat(token.getJsonObject("domain").getString("name")).isEqualTo("granted-domain");
        assertThat(token.containsKey("project")).isFalse();
        assertThat(token.getJsonArray("catalog")).isNotEmpty();
        assertThat(roleNames(login)).containsExactlyInAnyOrder("member", "reader");
        Api dom = Keystone.as(base, login);
        assertThat(dom.get("/identity/v3/domains/" + domain).status()).as("its token's domain").isEqualTo(200);
        assertThat(dom.get("/v2.1/servers").status()).as("Nova needs a project").isEqualTo(401);
        assertThat(dom.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", dom.token())).json()
                .getJsonObject("token").getJsonObject("domain").getString("id")).isEqualTo(domain);
        assertThat(roleNames(Keystone.loginScoped(base, "dana", "pw-dana", domainScope(domain))))
                .containsExactly("reader");

        Api dana = Keystone.as(base, Keystone.login(base, "dana", "pw-dana", null));
        assertThat(ids(dana.get("/identity/v3/auth/domains").json(), "domains")).containsExactly(domain);

        assertThat(admin.delete("/identity/v3/domains/" + domain + "/users/" + direct + "/roles/member").status())
                .isEqualTo(204);
        assertThat(dom.get("/identity/v3/domains/" + domain).status()).as("no role left on the domain").isEqualTo(401);
    }

    @Test
    void the_admin_role_on_a_domain_makes_no_cloud_admin() {
        String domain = keystone.domain("admins-domain");
        String id = keystone.user("dadmin", "pw-dadmin");
        keystone.put("/domains/" + domain + "/users/" + id + "/roles/admin");
        Api domainAdmin = Keystone.as(base, Keystone.loginScoped(base, "dadmin", "pw-dadmin", domainScope(domain)));
        assertKeystoneError(domainAdmin.get("/identity/v3/users"), 403, "Forbidden");
        assertKeystoneError(domainAdmin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "not-mine"))), 403, "Forbidden");
    }

    @Test
    void a_system_role_is_granted_listed_and_allows_a_system_scoped_token() {
        String sys = keystone.user("sys", "pw-sys");
        String group = keystone.group("operators");
        String role = keystone.role(new JsonObject().put("name", "operator"));
        keystone.put("/system/users/" + sys + "/roles/" + role);
        keystone.put("/system/groups/" + group + "/roles/" + role);
        assertThat(head("/system/users/" + sys + "/roles/" + role)).isEqualTo(204);
        assertThat(ids(admin.get("/identity/v3/system/groups/" + group + "/roles").json(), "roles"))
                .containsExactly(role);
        List<JsonObject> onSystem = keystone.assignments("?scope.system=all&role.id=" + role);
        assertThat(onSystem).hasSize(2);
        assertThat(onSystem.get(0).getJsonObject("scope").getJsonObject("system").getBoolean("all")).isTrue();
        assertThat(onSystem.stream().map(a -> a.getJsonObject("links").getString("assignment"))).contains(
                keystone.v3("/system/users/" + sys + "/roles/" + role));

        JsonObject token = Keystone.loginScoped(base, "sys", "pw-sys", new JsonObject().put("system",
                new JsonObject().put("all", true))).json().getJsonObject("token");
        assertThat(token.getJsonObject("system").getBoolean("all")).isTrue();
        assertThat(token.getJsonArray("roles").getJsonObject(0).getString("name")).isEqualTo("operator");

        String domainRole = keystone.role(new JsonObject().put("name", "local-op").put("domain_id", "default"));
        assertThat(assertKeystoneError(admin.send("PUT", "/identity/v3/system/users/" + sys + "/roles/" + domainRole,
                null, Map.of()), 400, "Bad Request").getString("message")).contains("domain-specific role");
        assertThat(admin.delete("/identity/v3/system/users/" + sys + "/roles/" + role).status()).isEqualTo(204);
        assertThat(head("/system/users/" + sys + "/roles/" + role)).isEqualTo(404);
    }

    @Test
    void an_inherited_role_holds_on_every_project_below_its_domain_or_project_and_not_on_the_target() {
        String domain = keystone.domain("tree-domain");
        String root = keystone.createProject(new JsonObject().put("name", "root").put("domain_id", domain))
                .getString("id");
        String leaf = keystone.createProject(new JsonObject().put("name", "leaf").put("parent_id", root))
                .getString("id");
        String heir = keystone.user("heir", "pw-heir");
        String onDomain = "/OS-INHERIT/domains/" + domain + "/users/" + heir + "/roles/member/inherited_to_projects";
        keystone.put(onDomain);
        assertThat(head(onDomain)).isEqualTo(204);
        assertThat(ids(admin.get("/identity/v3/OS-INHERIT/domains/" + domain + "/users/" + heir
                + "/roles/inherited_to_projects").json(), "roles")).containsExactly("member");
        assertThat(head("/domains/" + domain + "/users/" + heir + "/roles/member")).as("not on the domain itself")
                .isEqualTo(404);

        List<JsonObject> direct = keystone.assignments("?user.id=" + heir);
        assertThat(direct.get(0).getJsonObject("scope").getString("OS-INHERIT:inherited_to")).isEqualTo("projects");
        assertThat(direct.get(0).getJsonObject("links").getString("assignment")).isEqualTo(keystone.v3(onDomain));
        assertThat(roleIds(keystone.assignments("?user.id=" + heir + "&scope.project.id=" + leaf + "&effective")))
                .containsExactlyInAnyOrder("member", "reader");
        assertThat(roleNames(Keystone.login(base, "heir", "pw-heir", root))).containsExactlyInAnyOrder("member",
                "reader");
        assertThat(keystone.assignments("?user.id=" + heir + "&scope.domain.id=" + domain + "&effective"))
                .as("an inherited role is not the domain's").isEmpty();
        assertThat(admin.delete("/identity/v3" + onDomain).status()).isEqualTo(204);
        assertThat(keystone.assignments("?user.id=" + heir + "&effective")).isEmpty();

        String group = keystone.group("heirs");
        keystone.put("/groups/" + group + "/users/" + heir);
        keystone.put("/OS-INHERIT/projects/" + root + "/groups/" + group + "/roles/reader/inherited_to_projects");
        assertThat(roleIds(keystone.assignments("?user.id=" + heir + "&scope.project.id=" + leaf + "&effective")))
                .containsExactly("reader");
        assertThat(keystone.assignments("?user.id=" + heir + "&scope.project.id=" + root + "&effective"))
                .as("not on the project itself").isEmpty();
        assertKeystoneError(Keystone.login(base, "heir", "pw-heir", root), 401, "Unauthorized");
        assertThat(roleNames(Keystone.login(base, "heir", "pw-heir", leaf))).containsExactly("reader");
    }

    @Test
    void role_assignments_name_groups_and_domains_and_refuse_filters_that_cannot_match() {
        String domain = keystone.domain("named-domain");
        String group = keystone.createGroup(new JsonObject().put("name", "named").put("domain_id", domain))
                .getString("id");
        keystone.put("/domains/" + domain + "/groups/" + group + "/roles/reader");
        JsonObject named = keystone.assignments("?group.id=" + group + "&include_names=true").get(0);
        assertThat(named.getJsonObject("group").getString("name")).isEqualTo("named");
        assertThat(named.getJsonObject("group").getJsonObject("domain").getString("name")).isEqualTo("named-domain");
        assertThat(named.getJsonObject("scope").getJsonObject("domain").getString("name")).isEqualTo("named-domain");
        assertThat(named.getJsonObject("role").getString("name")).isEqualTo("reader");
        assertThat(roleIds(keystone.assignments("?scope.domain.id=" + domain))).containsExactly("reader");

        for (String query : List.of("scope.project.id=p&scope.domain.id=d", "scope.system=all&scope.domain.id=d",
                "scope.system=all&scope.project.id=p", "user.id=u&group.id=g", "group.id=g&effective",
                "scope.domain.id=d&scope.OS-INHERIT:inherited_to=projects&effective")) {
            assertKeystoneError(admin.get("/identity/v3/role_assignments?" + query), 400, "Bad Request");
        }
    }
}
