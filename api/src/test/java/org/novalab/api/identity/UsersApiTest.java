package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Keystone's users: create, list with filters, show, PATCH, password change, delete, and what each does to tokens. */
class UsersApiTest {
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
    void a_created_user_is_shown_with_its_links_and_extra_attributes_and_never_its_password() {
        String project = keystone.project("users-home");
        JsonObject created = keystone.createUser(new JsonObject().put("name", "ursula").put("password", "pw-ursula")
                .put("email", "ursula@example.org").put("description", "a student")
                .put("default_project_id", project));
        String id = created.getString("id");
        assertThat(created.getString("domain_id")).isEqualTo("default");
        assertThat(created.getBoolean("enabled")).isTrue();
        assertThat(created.getString("email")).isEqualTo("ursula@example.org");
        assertThat(created.getString("description")).isEqualTo("a student");
        assertThat(created.getString("default_project_id")).isEqualTo(project);
        assertThat(created.containsKey("password_expires_at")).isTrue();
        assertThat(created.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/users/" + id));
        assertThat(created.encode()).doesNotContain("pw-ursula");

        JsonObject shown = admin.get("/identity/v3/users/" + id).json().getJsonObject("user");
        assertThat(shown).isEqualTo(created);
        assertKeystoneError(admin.post("/identity/v3/users", new JsonObject().put("user",
                new JsonObject().put("name", "ursula").put("password", "x"))), 409, "Conflict");
        assertKeystoneError(admin.post("/identity/v3/users", new JsonObject().put("user",
                new JsonObject().put("name", "lost").put("domain_id", "no-such-domain"))), 404, "Not Found");
        assertKeystoneError(admin.get("/identity/v3/users/no-such-user"), 404, "Not Found");
    }

    @Test
    void the_list_filters_by_name_domain_and_enabled() {
        String on = keystone.user("filter-on", "pw");
        String off = keystone.createUser(new JsonObject().put("name", "filter-off").put("password", "pw")
                .put("enabled", false)).getString("id");
        Api.Response byName = admin.get("/identity/v3/users?name=filter-on");
        assertThat(ids(byName.json(), "users")).containsExactly(on);
        assertThat(byName.json().getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/users?name=filter-on"));
        assertThat(ids(admin.get("/identity/v3/users?enabled=false").json(), "users")).contains(off).doesNotContain(on);
        assertThat(ids(admin.get("/identity/v3/users?domain_id=default").json(), "users")).contains(on, off);
        assertThat(admin.get("/identity/v3/users?domain_id=elsewhere").json().getJsonArray("users")).isEmpty();
    }

    @Test
    void patch_changes_the_user_and_a_new_password_or_disabling_ends_its_tokens() {
        String project = keystone.project("patch-home");
        String id = keystone.user("paula", "old-pw");
        keystone.grant(project, id, "member");
        Api paula = Keystone.as(base, Keystone.login(base, "paula", "old-pw", project));
        assertThat(paula.get("/v2.1/servers").status()).isEqualTo(200);

        Api.Response r = patch(admin, "/identity/v3/users/" + id, new JsonObject().put("user", new JsonObject()
                .put("name", "paula2").put("email", "p@example.org").put("default_project_id", project)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject shown = admin.get("/identity/v3/users/" + id).json().getJsonObject("user");
        assertThat(shown.getString("name")).isEqualTo("paula2");
        assertThat(shown.getString("email")).isEqualTo("p@example.org");
        assertThat(shown.getString("default_project_id")).isEqualTo(project);
        assertThat(paula.get("/v2.1/servers").status()).as("a rename leaves tokens alone").isEqualTo(200);

        patch(admin, "/identity/v3/users/" + id, new JsonObject().put("user", new JsonObject().put("password", "new-pw")));
        assertThat(paula.get("/v2.1/servers").status()).isEqualTo(401);
        assertThat(Keystone.login(base, "paula2", "old-pw", project).status()).isEqualTo(401);
        Api again = Keystone.as(base, Keystone.login(base, "paula2", "new-pw", project));

        patch(admin, "/identity/v3/users/" + id, new JsonObject().put("user", new JsonObject().put("enabled", false)));
        assertThat(again.get("/v2.1/servers").status()).isEqualTo(401);
        assertKeystoneError(Keystone.login(base, "paula2", "new-pw", project), 401, "Unauthorized");
    }

    @Test
    void a_user_changes_its_own_password_with_the_original_one() {
        String project = keystone.project("pw-home");
        String id = keystone.user("petra", "first");
        keystone.grant(project, id, "member");
        Api petra = Keystone.as(base, Keystone.login(base, "petra", "first", project));

        JsonObject wrong = new JsonObject().put("user", new JsonObject().put("original_password", "guess")
                .put("password", "second"));
        assertKeystoneError(petra.post("/identity/v3/users/" + id + "/password", wrong), 401, "Unauthorized");
        JsonObject right = new JsonObject().put("user", new JsonObject().put("original_password", "first")
                .put("password", "second"));
        assertThat(petra.post("/identity/v3/users/" + id + "/password", right).status()).isEqualTo(204);

        assertThat(petra.get("/v2.1/servers").status()).as("the old token ends with the old password").isEqualTo(401);
        assertThat(Keystone.login(base, "petra", "first", project).status()).isEqualTo(401);
        assertThat(Keystone.login(base, "petra", "second", project).status()).isEqualTo(201);
    }

    @Test
    void a_deleted_user_can_neither_log_in_nor_use_its_tokens_and_leaves_no_grant() {
        String project = keystone.project("deleted-home");
        String id = keystone.user("dan", "pw-dan");
        keystone.grant(project, id, "member");
        Api dan = Keystone.as(base, Keystone.login(base, "dan", "pw-dan", project));
        assertThat(dan.get("/v2.1/servers").status()).isEqualTo(200);

        assertThat(admin.delete("/identity/v3/users/" + id).status()).isEqualTo(204);

        assertThat(dan.get("/v2.1/servers").status()).isEqualTo(401);
        assertKeystoneError(admin.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token",
                dan.token())), 404, "Not Found");
        assertKeystoneError(Keystone.login(base, "dan", "pw-dan", project), 401, "Unauthorized");
        assertKeystoneError(admin.get("/identity/v3/users/" + id), 404, "Not Found");
        assertThat(admin.get("/identity/v3/role_assignments?scope.project.id=" + project).json()
                .getJsonArray("role_assignments")).isEmpty();
        assertKeystoneError(admin.delete("/identity/v3/users/" + id), 404, "Not Found");
        assertThat(keystone.user("dan", "pw-dan-2")).as("the name is free again").isNotEqualTo(id);
    }

    @Test
    void a_user_reads_itself_and_lists_its_own_projects_but_nobody_elses() {
        String first = keystone.project("own-1");
        String second = keystone.project("own-2");
        keystone.project("not-own");
        String id = keystone.user("olga", "pw-olga");
        String other = keystone.user("oscar", "pw-oscar");
        keystone.grant(first, id, "member");
        keystone.grant(second, id, "reader");
        Api olga = Keystone.as(base, Keystone.login(base, "olga", "pw-olga", first));

        assertThat(olga.get("/identity/v3/users/" + id).json().getJsonObject("user").getString("name"))
                .isEqualTo("olga");
        Api.Response projects = olga.get("/identity/v3/users/" + id + "/projects");
        assertThat(projects.status()).isEqualTo(200);
        assertThat(ids(projects.json(), "projects")).containsExactlyInAnyOrder(first, second);
        assertThat(projects.json().getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/users/" + id + "/projects"));
        assertThat(ids(olga.get("/identity/v3/auth/projects").json(), "projects")).containsExactlyInAnyOrder(first,
                second);

        assertKeystoneError(olga.get("/identity/v3/users/" + other), 403, "Forbidden");
        assertKeystoneError(olga.get("/identity/v3/users/" + other + "/projects"), 403, "Forbidden");
        assertKeystoneError(olga.get("/identity/v3/users"), 403, "Forbidden");
        assertKeystoneError(patch(olga, "/identity/v3/users/" + id, new JsonObject().put("user",
                new JsonObject().put("name", "queen"))), 403, "Forbidden");
        assertKeystoneError(olga.delete("/identity/v3/users/" + other), 403, "Forbidden");
        assertKeystoneError(olga.post("/identity/v3/users", new JsonObject().put("user",
                new JsonObject().put("name", "sneaky"))), 403, "Forbidden");
        assertThat(ids(admin.get("/identity/v3/users/" + other + "/projects").json(), "projects")).isEmpty();
    }
}
