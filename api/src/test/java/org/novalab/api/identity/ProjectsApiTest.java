package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonArray;
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

/** Keystone's projects: create, list with its filters, show, PATCH, delete, each under Keystone's policy. */
class ProjectsApiTest {
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

    @Test
    void a_created_project_is_shown_as_keystone_shows_it_and_equals_its_entry_in_the_list() {
        JsonObject created = keystone.createProject(new JsonObject().put("name", "shown").put("description", "a lab")
                .put("tags", new JsonArray().add("a").add("b")).put("owner_email", "prof@example.org"));
        String id = created.getString("id");
        assertThat(created.getString("domain_id")).isEqualTo("default");
        assertThat(created.getString("parent_id")).as("a top-level project's parent is its domain").isEqualTo("default");
        assertThat(created.getBoolean("is_domain")).isFalse();
        assertThat(created.getBoolean("enabled")).isTrue();
        assertThat(created.getJsonArray("tags")).containsExactly("a", "b");
        assertThat(created.getString("owner_email")).as("an extra attribute is kept").isEqualTo("prof@example.org");
        assertThat(created.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/projects/" + id));

        JsonObject shown = admin.get("/identity/v3/projects/" + id).json().getJsonObject("project");
        JsonObject listed = admin.get("/identity/v3/projects").json().getJsonArray("projects").stream()
                .map(o -> (JsonObject) o).filter(p -> p.getString("id").equals(id)).findFirst().orElseThrow();
        assertThat(shown).isEqualTo(created).isEqualTo(listed);
    }

    @Test
    void a_project_acting_as_a_domain_is_a_domain_that_the_projects_api_shows_lists_updates_and_deletes() {
        JsonObject created = keystone.createProject(new JsonObject().put("name", "acting").put("is_domain", true)
                .put("description", "a domain"));
        String id = created.getString("id");
        assertThat(created.getBoolean("is_domain")).isTrue();
        assertThat(created.getValue("domain_id")).isNull();
        assertThat(created.getValue("parent_id")).isNull();
        assertThat(admin.get("/identity/v3/projects/" + id).json().getJsonObject("project")).isEqualTo(created);
        assertThat(admin.get("/identity/v3/domains/" + id).json().getJsonObject("domain").getString("name"))
                .as("a domain like any other").isEqualTo("acting");
        assertThat(ids(admin.get("/identity/v3/projects?is_domain=true").json(), "projects")).contains(id, "default");
        assertThat(ids(admin.get("/identity/v3/projects?is_domain=true&name=acting").json(), "projects"))
                .containsExactly(id);
        assertThat(ids(admin.get("/identity/v3/projects").json(), "projects")).as("not among the projects")
                .doesNotContain(id, "default");
        assertThat(ids(admin.get("/identity/v3/projects?is_domain=false").json(), "projects")).doesNotContain(id);

        String below = keystone.createProject(new JsonObject().put("name", "below-acting").put("parent_id", id))
                .getString("id");
        assertThat(admin.get("/identity/v3/projects/" + below).json().getJsonObject("project").getString("domain_id"))
                .as("a parent acting as a domain is the project's domain").isEqualTo(id);
        assertKeystoneError(admin.post("/identity/v3/projects", new JsonObject().put("project", new JsonObject()
                .put("name", "nested").put("is_domain", true).put("parent_id", id))), 400, "Bad Request");
        assertKeystoneError(patch(admin, "/identity/v3/projects/" + id, new JsonObject().put("project",
                new JsonObject().put("is_domain", false))), 400, "Bad Request");
        assertKeystoneError(patch(admin, "/identity/v3/projects/" + below, new JsonObject().put("project",
                new JsonObject().put("is_domain", true))), 400, "Bad Request");

        assertKeystoneError(admin.delete("/identity/v3/projects/" + id), 403, "Forbidden");
        JsonObject disabled = patch(admin, "/identity/v3/projects/" + id, new JsonObject().put("project",
                new JsonObject().put("enabled", false))).json().getJsonObject("project");
        assertThat(disabled.getBoolean("enabled")).isFalse();
        assertThat(disabled.getBoolean("is_domain")).isTrue();
        assertThat(admin.delete("/identity/v3/projects/" + id).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/domains/" + id), 404, "Not Found");
        assertKeystoneError(admin.get("/identity/v3/projects/" + below), 404, "Not Found");
    }

    @Test
    void the_list_filters_by_name_domain_enabled_and_parent_and_links_itself() {
        String root = keystone.project("filter-root");
        String child = keystone.createProject(new JsonObject().put("name", "filter-child").put("parent_id", root)
                .put("enabled", false)).getString("id");

        Api.Response byName = admin.get("/identity/v3/projects?name=filter-root");
        assertThat(ids(byName.json(), "projects")).containsExactly(root);
        assertThat(byName.json().getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/projects?name=filter-root"));
        assertThat(byName.json().getJsonObject("links").fieldNames()).containsExactlyInAnyOrder("self", "previous",
                "next");
        assertThat(ids(admin.get("/identity/v3/projects?parent_id=" + root).json(), "projects")).containsExactly(child);
        assertThat(ids(admin.get("/identity/v3/projects?parent_id=default").json(), "projects")).contains(root)
                .doesNotContain(child);
        assertThat(ids(admin.get("/identity/v3/projects?enabled=false").json(), "projects")).contains(child)
                .doesNotContain(root);
        assertThat(ids(admin.get("/identity/v3/projects?enabled=true").json(), "projects")).contains(root)
                .doesNotContain(child);
        assertThat(ids(admin.get("/identity/v3/projects?domain_id=default&name=filter-child").json(), "projects"))
                .containsExactly(child);
        assertThat(admin.get("/identity/v3/projects?domain_id=elsewhere").json().getJsonArray("projects")).isEmpty();
    }

    @Test
    void patch_changes_name_description_enabled_and_tags_but_not_the_domain_or_parent() {
        String id = keystone.project("patched");
        Api.Response r = patch(admin, "/identity/v3/projects/" + id, new JsonObject().put("project", new JsonObject()
                .put("name", "patched-2").put("description", "new words").put("enabled", false)
                .put("tags", new JsonArray().add("x"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject shown = admin.get("/identity/v3/projects/" + id).json().getJsonObject("project");
        assertThat(shown.getString("name")).isEqualTo("patched-2");
        assertThat(shown.getString("description")).isEqualTo("new words");
        assertThat(shown.getBoolean("enabled")).isFalse();
        assertThat(shown.getJsonArray("tags")).containsExactly("x");

        assertKeystoneError(patch(admin, "/identity/v3/projects/" + id, new JsonObject().put("project",
                new JsonObject().put("domain_id", "other"))), 400, "Bad Request");
        assertKeystoneError(patch(admin, "/identity/v3/projects/" + id, new JsonObject().put("project",
                new JsonObject().put("parent_id", keystone.project("another-parent")))), 403, "Forbidden");
        keystone.project("taken");
        assertKeystoneError(patch(admin, "/identity/v3/projects/" + id, new JsonObject().put("project",
                new JsonObject().put("name", "taken"))), 409, "Conflict");
        assertKeystoneError(patch(admin, "/identity/v3/projects/nope", new JsonObject().put("project",
                new JsonObject().put("name", "x"))), 404, "Not Found");
    }

    @Test
    void creating_refuses_duplicates_bad_names_unknown_domains_and_parents() {
        keystone.project("unique");
        JsonObject dup = assertKeystoneError(admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "unique"))), 409, "Conflict");
        assertThat(dup.getString("message")).contains("Duplicate entry");
        assertKeystoneError(admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "p".repeat(65)))), 400, "Bad Request");
        assertKeystoneError(admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "   "))), 400, "Bad Request");
        assertKeystoneError(admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "lost").put("domain_id", "no-such-domain"))), 404, "Not Found");
        assertKeystoneError(admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "orphan").put("parent_id", "no-such-project"))), 404, "Not Found");
        assertKeystoneError(admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "dup-tags").put("tags", new JsonArray().add("t").add("t")))), 400,
                "Bad Request");
    }

    @Test
    void a_project_is_deleted_only_as_a_leaf_and_then_is_gone_with_its_grants_and_tokens() throws Exception {
        String parent = keystone.project("leafy");
        String child = keystone.createProject(new JsonObject().put("name", "leaf").put("parent_id", parent))
                .getString("id");
        JsonObject refused = assertKeystoneError(admin.delete("/identity/v3/projects/" + parent), 403, "Forbidden");
        assertThat(refused.getString("message")).contains("not a leaf");

        String user = keystone.createUser(new JsonObject().put("name", "leaf-user").put("password", "pw")
                .put("default_project_id", child)).getString("id");
        keystone.grant(child, user, "member");
        Api leafUser = Keystone.as(base, Keystone.login(base, "leaf-user", "pw", child));
        assertThat(leafUser.get("/v2.1/servers").status()).isEqualTo(200);

        assertThat(admin.delete("/identity/v3/projects/" + child).status()).isEqualTo(204);
        JsonObject gone = assertKeystoneError(admin.get("/identity/v3/projects/" + child), 404, "Not Found");
        assertThat(gone.getString("message")).isEqualTo("Could not find project: " + child + ".");
        assertKeystoneError(admin.delete("/identity/v3/projects/" + child), 404, "Not Found");
        assertThat(leafUser.get("/v2.1/servers").status()).as("a token scoped to a deleted project").isEqualTo(401);
        JsonObject userNow = admin.get("/identity/v3/users/" + user).json().getJsonObject("user");
        assertThat(userNow.containsKey("default_project_id")).as("the user stays, without its default project")
                .isFalse();
        assertThat(admin.get("/identity/v3/role_assignments?user.id=" + user).json()
                .getJsonArray("role_assignments")).isEmpty();
        assertThat(admin.delete("/identity/v3/projects/" + parent).status()).as("now a leaf").isEqualTo(204);
    }

    @Test
    void the_servers_of_a_deleted_project_stay_for_an_admin_to_see_and_delete() throws Exception {
        String project = keystone.project("with-servers");
        String user = keystone.user("builder", "pw-b");
        keystone.grant(project, user, "member");
        Api builder = Keystone.as(base, Keystone.login(base, "builder", "pw-b", project));
        Api.Response boot = builder.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "left-behind").put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none")));
        assertThat(boot.status()).as(boot.body()).isEqualTo(202);
        String serverId = boot.json().getJsonObject("server").getString("id");
        builder.awaitStatus(serverId, "ACTIVE");

        assertThat(admin.delete("/identity/v3/projects/" + project).status()).isEqualTo(204);

        JsonObject server = admin.get("/v2.1/servers/" + serverId).json().getJsonObject("server");
        assertThat(server.getString("tenant_id")).isEqualTo(project);
        assertThat(admin.delete("/v2.1/servers/" + serverId).status()).isEqualTo(204);
        assertThat(admin.awaitGone(serverId)).isEqualTo(404);
    }

    @Test
    void a_member_may_see_only_the_project_its_token_is_scoped_to_and_change_none() {
        String mine = keystone.project("members-own");
        String other = keystone.project("members-other");
        String user = keystone.user("max", "pw-max");
        keystone.grant(mine, user, "member");
        Api max = Keystone.as(base, Keystone.login(base, "max", "pw-max", mine));

        assertThat(max.get("/identity/v3/projects/" + mine).json().getJsonObject("project").getString("name"))
                .isEqualTo("members-own");
        assertKeystoneError(max.get("/identity/v3/projects/" + other), 403, "Forbidden");
        JsonObject list = assertKeystoneError(max.get("/identity/v3/projects"), 403, "Forbidden");
        assertThat(list.getString("message")).endsWith("identity:list_projects.");
        assertKeystoneError(max.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "mine-too"))), 403, "Forbidden");
        assertKeystoneError(patch(max, "/identity/v3/projects/" + mine, new JsonObject().put("project",
                new JsonObject().put("name", "renamed"))), 403, "Forbidden");
        assertKeystoneError(max.delete("/identity/v3/projects/" + mine), 403, "Forbidden");
        assertThat(admin.get("/identity/v3/projects/" + mine).status()).isEqualTo(200);
    }
}
