package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Keystone's domains: the Default one Tempest's dynamic credentials look for, and further ones an admin adds. */
class DomainsApiTest {
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

    private static JsonObject createDomain(JsonObject domain) {
        Api.Response r = admin.post("/identity/v3/domains", new JsonObject().put("domain", domain));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("domain");
    }

    @Test
    void the_default_domain_is_listed_by_name_and_shown_with_its_links() {
        Api.Response list = admin.get("/identity/v3/domains?name=Default");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().getJsonArray("domains")).hasSize(1);
        JsonObject domain = list.json().getJsonArray("domains").getJsonObject(0);
        assertThat(domain.getString("id")).isEqualTo("default");
        assertThat(domain.getBoolean("enabled")).isTrue();
        assertThat(domain.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/domains/default"));
        JsonObject links = list.json().getJsonObject("links");
        assertThat(links.getString("self")).isEqualTo(keystone.v3("/domains?name=Default"));
        assertThat(links.containsKey("previous")).isTrue();
        assertThat(links.getValue("next")).isNull();

        JsonObject shown = admin.get("/identity/v3/domains/default").json().getJsonObject("domain");
        assertThat(shown).isEqualTo(domain);
    }

    @Test
    void an_admin_creates_updates_disables_and_then_deletes_a_domain() {
        JsonObject created = createDomain(new JsonObject().put("name", "lab-one").put("description", "first"));
        String id = created.getString("id");
        assertThat(created.getString("description")).isEqualTo("first");
        assertThat(created.getBoolean("enabled")).isTrue();
        assertThat(created.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/domains/" + id));

        Api.Response updated = patch(admin, "/identity/v3/domains/" + id,
                new JsonObject().put("domain", new JsonObject().put("name", "lab-1").put("description", "renamed")));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(admin.get("/identity/v3/domains/" + id).json().getJsonObject("domain").getString("name"))
                .isEqualTo("lab-1");

        JsonObject refused = assertKeystoneError(admin.delete("/identity/v3/domains/" + id), 403, "Forbidden");
        assertThat(refused.getString("message")).contains("disable it first");
        patch(admin, "/identity/v3/domains/" + id, new JsonObject().put("domain", new JsonObject().put("enabled", false)));
        assertThat(ids(admin.get("/identity/v3/domains?enabled=true").json(), "domains")).doesNotContain(id)
                .contains("default");
        assertThat(ids(admin.get("/identity/v3/domains?enabled=false").json(), "domains")).containsExactly(id);

        assertThat(admin.delete("/identity/v3/domains/" + id).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/domains/" + id), 404, "Not Found");
        assertThat(ids(admin.get("/identity/v3/domains").json(), "domains")).doesNotContain(id);
    }

    @Test
    void deleting_a_domain_deletes_its_projects_and_users_and_ends_their_tokens() {
        String domain = createDomain(new JsonObject().put("name", "doomed")).getString("id");
        String parent = keystone.createProject(new JsonObject().put("name", "top").put("domain_id", domain))
                .getString("id");
        String child = keystone.createProject(new JsonObject().put("name", "below").put("parent_id", parent))
                .getString("id");
        String user = keystone.createUser(new JsonObject().put("name", "dora").put("password", "pw")
                .put("domain_id", domain)).getString("id");
        keystone.grant(child, user, "member");
        Api.Response login = Api.anonymous(base).post("/identity/v3/auth/tokens", new JsonObject().put("auth",
                new JsonObject().put("identity", new JsonObject().put("methods", new io.vertx.core.json.JsonArray()
                        .add("password")).put("password", new JsonObject().put("user", new JsonObject()
                        .put("name", "dora").put("domain", new JsonObject().put("name", "doomed"))
                        .put("password", "pw")))).put("scope", new JsonObject().put("project",
                        new JsonObject().put("name", "below").put("domain", new JsonObject().put("id", domain))))));
        Api dora = Keystone.as(base, login);
        assertThat(dora.get("/v2.1/servers").status()).isEqualTo(200);

        patch(admin, "/identity/v3/domains/" + domain, new JsonObject().put("domain", new JsonObject()
                .put("enabled", false)));
        assertThat(dora.get("/v2.1/servers").status()).as("a disabled domain's users are refused").isEqualTo(401);
        assertThat(admin.delete("/identity/v3/domains/" + domain).status()).isEqualTo(204);

        assertKeystoneError(admin.get("/identity/v3/projects/" + parent), 404, "Not Found");
        assertKeystoneError(admin.get("/identity/v3/projects/" + child), 404, "Not Found");
        assertKeystoneError(admin.get("/identity/v3/users/" + user), 404, "Not Found");
        assertThat(admin.get("/identity/v3/role_assignments?user.id=" + user).json().getJsonArray("role_assignments"))
                .isEmpty();
    }

    @Test
    void deleting_a_domain_deletes_its_groups_and_roles_and_the_grants_on_it() {
        String domain = createDomain(new JsonObject().put("name", "emptied")).getString("id");
        String group = keystone.createGroup(new JsonObject().put("name", "emptied-group").put("domain_id", domain))
                .getString("id");
        String role = keystone.role(new JsonObject().put("name", "emptied-role").put("domain_id", domain));
        String outsider = keystone.user("outsider", "pw-outsider");
        keystone.put("/groups/" + group + "/users/" + outsider);
        keystone.put("/domains/" + domain + "/users/" + outsider + "/roles/reader");
        keystone.put("/domains/" + domain + "/groups/" + group + "/roles/member");
        Api domainToken = Keystone.as(base, Keystone.loginScoped(base, "outsider", "pw-outsider",
                new JsonObject().put("domain", new JsonObject().put("id", domain))));

        patch(admin, "/identity/v3/domains/" + domain, new JsonObject().put("domain", new JsonObject()
                .put("enabled", false)));
        assertThat(admin.delete("/identity/v3/domains/" + domain).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/groups/" + group), 404, "Not Found");
        assertKeystoneError(admin.get("/identity/v3/roles/" + role), 404, "Not Found");
        assertThat(keystone.assignments("?user.id=" + outsider)).isEmpty();
        assertThat(admin.get("/identity/v3/users/" + outsider + "/groups").json().getJsonArray("groups")).isEmpty();
        assertThat(domainToken.get("/identity/v3/auth/projects").status()).isEqualTo(401);
        assertThat(admin.get("/identity/v3/users/" + outsider).status()).as("a user of another domain stays")
                .isEqualTo(200);
    }

    @Test
    void names_are_unique_and_the_default_domain_stays_enabled() {
        createDomain(new JsonObject().put("name", "twice"));
        assertKeystoneError(admin.post("/identity/v3/domains", new JsonObject().put("domain",
                new JsonObject().put("name", "twice"))), 409, "Conflict");
        assertKeystoneError(admin.post("/identity/v3/domains", new JsonObject().put("domain",
                new JsonObject().put("name", "d".repeat(65)))), 400, "Bad Request");
        assertKeystoneError(admin.post("/identity/v3/domains", new JsonObject().put("domain",
                new JsonObject().put("name", ""))), 400, "Bad Request");
        assertKeystoneError(patch(admin, "/identity/v3/domains/default", new JsonObject().put("domain",
                new JsonObject().put("enabled", false))), 403, "Forbidden");
        assertKeystoneError(admin.delete("/identity/v3/domains/no-such-domain"), 404, "Not Found");
    }

    @Test
    void a_member_sees_its_own_domain_but_may_neither_list_nor_create_domains() {
        String project = keystone.project("members-domain");
        String user = keystone.user("mia", "pw-mia");
        keystone.grant(project, user, "member");
        Api mia = Keystone.as(base, Keystone.login(base, "mia", "pw-mia", project));

        assertThat(mia.get("/identity/v3/domains/default").status()).isEqualTo(200);
        JsonObject error = assertKeystoneError(mia.get("/identity/v3/domains"), 403, "Forbidden");
        assertThat(error.getString("message")).isEqualTo(
                "You are not authorized to perform the requested action: identity:list_domains.");
        assertKeystoneError(mia.post("/identity/v3/domains", new JsonObject().put("domain",
                new JsonObject().put("name", "mine"))), 403, "Forbidden");
    }
}
