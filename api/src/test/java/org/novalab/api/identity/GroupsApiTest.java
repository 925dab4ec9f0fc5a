package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;
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

/** Keystone's groups: their members, and the roles a group holds, which are its members' roles. */
class GroupsApiTest {
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

    private static String memberPath(String group, String user) {
        return "/identity/v3/groups/" + group + "/users/" + user;
    }

    private static int head(String path) {
        return admin.send("HEAD", path, null, Map.of()).status();
    }

    @Test
    void a_group_is_created_in_a_domain_shown_listed_renamed_and_deleted() {
        String domain = keystone.domain("club-domain");
        JsonObject created = keystone.createGroup(new JsonObject().put("name", "club").put("description", "members")
                .put("domain_id", domain).put("motto", "together"));
        String id = created.getString("id");
        assertThat(created.getString("name")).isEqualTo("club");
        assertThat(created.getString("domain_id")).isEqualTo(domain);
        assertThat(created.getString("description")).isEqualTo("members");
        assertThat(created.getString("motto")).as("an extra attribute, kept as Keystone keeps it").isEqualTo("together");
        assertThat(created.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/groups/" + id));
        assertThat(admin.get("/identity/v3/groups/" + id).json().getJsonObject("group")).isEqualTo(created);
        assertThat(keystone.createGroup(new JsonObject().put("name", "plain")).getString("domain_id"))
                .as("the default domain when none is named").isEqualTo("default");

        assertThat(ids(admin.get("/identity/v3/groups?domain_id=" + domain).json(), "groups")).containsExactly(id);
        assertThat(ids(admin.get("/identity/v3/groups?name=club").json(), "groups")).containsExactly(id);
        assertThat(ids(admin.get("/identity/v3/groups").json(), "groups")).contains(id);

        JsonObject renamed = patch(admin, "/identity/v3/groups/" + id, new JsonObject().put("group",
                new JsonObject().put("name", "society"))).json().getJsonObject("group");
        assertThat(renamed.getString("name")).isEqualTo("society");
        assertThat(renamed.getString("description")).as("what the PATCH does not name stays").isEqualTo("members");
        assertThat(renamed.getString("domain_id")).isEqualTo(domain);
        assertKeystoneError(patch(admin, "/identity/v3/groups/" + id, new JsonObject().put("group",
                new JsonObject().put("domain_id", "default"))), 400, "Bad Request");

        assertThat(admin.delete("/identity/v3/groups/" + id).status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.get("/identity/v3/groups/" + id), 404, "Not Found")
                .getString("message")).isEqualTo("Could not find group: " + id + ".");
        assertKeystoneError(admin.delete("/identity/v3/groups/" + id), 404, "Not Found");
    }

    @Test
    void names_are_unique_within_a_domain_and_must_be_names() {
        String domain = keystone.domain("twin-domain");
        keystone.group("twins");
        keystone.createGroup(new JsonObject().put("name", "twins").put("domain_id", domain));
        assertKeystoneError(admin.post("/identity/v3/groups", new JsonObject().put("group",
                new JsonObject().put("name", "twins"))), 409, "Conflict");
        assertKeystoneError(admin.post("/identity/v3/groups", new JsonObject().put("group",
                new JsonObject().put("name", " "))), 400, "Bad Request");
        assertKeystoneError(admin.post("/identity/v3/groups", new JsonObject().put("group",
                new JsonObject().put("name", "g".repeat(256)))), 400, "Bad Request");
        assertKeystoneError(admin.post("/identity/v3/groups", new JsonObject().put("group",
                new JsonObject().put("name", "lost").put("domain_id", "no-such-domain"))), 404, "Not Found");
    }

    @Test
    void members_are_added_checked_listed_and_removed_and_a_user_lists_its_own_groups() {
        String group = keystone.group("readers-club");
        String other = keystone.group("writers-club");
        String ann = keystone.user("ann", "pw-ann");
        String bob = keystone.user("bob", "pw-bob");
        assertThat(head(memberPath(group, ann))).isEqualTo(404);

        keystone.put("/groups/" + group + "/users/" + ann);
        keystone.put("/groups/" + group + "/users/" + ann);
        keystone.put("/groups/" + group + "/users/" + bob);
        keystone.put("/groups/" + other + "/users/" + ann);
        assertThat(head(memberPath(group, ann))).isEqualTo(204);
        assertThat(admin.get(memberPath(group, bob)).status()).isEqualTo(204);
        Api.Response members = admin.get("/identity/v3/groups/" + group + "/users");
        assertThat(ids(members.json(), "users")).containsExactlyInAnyOrder(ann, bob);
        assertThat(members.json().getJsonArray("users").getJsonObject(0)).as("users as Keystone shows them")
                .isEqualTo(admin.get("/identity/v3/users/" + members.json().getJsonArray("users").getJsonObject(0)
                        .getString("id")).json().getJsonObject("user"));
        assertThat(ids(admin.get("/identity/v3/groups/" + group + "/users?name=bob").json(), "users"))
                .containsExactly(bob);

        Api.Response groupsOfAnn = Keystone.as(base, Keystone.login(base, "ann", "pw-ann", null))
                .get("/identity/v3/users/" + ann + "/groups");
        assertThat(groupsOfAnn.status()).as("a user lists its own groups").isEqualTo(200);
        assertThat(ids(groupsOfAnn.json(), "groups")).containsExactlyInAnyOrder(group, other);
        assertThat(groupsOfAnn.json().getJsonArray("groups").getJsonObject(0).containsKey("membership_expires_at"))
                .isTrue();
        assertKeystoneError(Keystone.as(base, Keystone.login(base, "bob", "pw-bob", null))
                .get("/identity/v3/users/" + ann + "/groups"), 403, "Forbidden");

        assertThat(admin.delete(memberPath(group, ann)).status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.delete(memberPath(group, ann)), 404, "Not Found").getString("message"))
                .isEqualTo("User '" + ann + "' not found in group '" + group + "'");
        assertThat(ids(admin.get("/identity/v3/groups/" + group + "/users").json(), "users")).containsExactly(bob);
        assertKeystoneError(admin.send("PUT", memberPath(group, "no-such-user"), null, Map.of()), 404, "Not Found");
        assertKeystoneError(admin.send("PUT", memberPath("no-such-group", ann), null, Map.of()), 404, "Not Found");
    }

    @Test
    void a_groups_role_on_a_project_is_in_its_members_tokens_and_effective_assignments() {
        String project = keystone.project("group-work");
        String group = keystone.group("workers");
        String cam = keystone.user("cam", "pw-cam");
        keystone.put("/projects/" + project + "/groups/" + group + "/roles/member");
        assertThat(head("/identity/v3/projects/" + project + "/groups/" + group + "/roles/member")).isEqualTo(204);
        assertThat(ids(admin.get("/identity/v3/projects/" + project + "/groups/" + group + "/roles").json(), "roles"))
                .containsExactly("member");
        assertKeystoneError(Keystone.login(base, "cam", "pw-cam", project), 401, "Unauthorized");

        keystone.put("/groups/" + group + "/users/" + cam);
        assertThat(roleNames(Keystone.login(base, "cam", "pw-cam", project))).containsExactlyInAnyOrder("member",
                "reader");
        Api camApi = Keystone.as(base, Keystone.login(base, "cam", "pw-cam", project));
        assertThat(camApi.get("/v2.1/servers").status()).isEqualTo(200);
        assertThat(ids(camApi.get("/identity/v3/auth/projects").json(), "projects")).containsExactly(project);

        List<JsonObject> direct = keystone.assignments("?group.id=" + group);
        assertThat(roleIds(direct)).containsExactly("member");
        assertThat(direct.get(0).getJsonObject("group").getString("id")).isEqualTo(group);
        assertThat(direct.get(0).getJsonObject("links").getString("assignment"))
                .isEqualTo(keystone.v3("/projects/" + project + "/groups/" + group + "/roles/member"));
        List<JsonObject> effective = keystone.assignments("?user.id=" + cam + "&effective");
        assertThat(roleIds(effective)).containsExactlyInAnyOrder("member", "reader");
        JsonObject viaGroup = effective.stream().filter(a -> a.getJsonObject("role").getString("id").equals("member"))
                .findFirst().orElseThrow();
        assertThat(viaGroup.getJsonObject("user").getString("id")).isEqualTo(cam);
        assertThat(viaGroup.getJsonObject("links").getString("membership"))
                .isEqualTo(keystone.v3("/groups/" + group + "/users/" + cam));
        assertThat(roleIds(keystone.assignments("?scope.project.id=" + project + "&effective")))
                .containsExactlyInAnyOrder("member", "reader");
        assertKeystoneError(admin.get("/identity/v3/role_assignments?group.id=" + group + "&effective"), 400,
                "Bad Request");

        assertThat(admin.delete("/identity/v3/projects/" + project + "/groups/" + group + "/roles/member").status())
                .isEqualTo(204);
        assertThat(camApi.get("/v2.1/servers").status()).as("the group's role was the only one").isEqualTo(401);
    }

    @Test
    void leaving_a_group_ends_the_users_tokens_as_in_keystone() {
        String project = keystone.project("leavers");
        String group = keystone.group("leaving");
        String dee = keystone.user("dee", "pw-dee");
        keystone.grant(project, dee, "reader");
        keystone.put("/groups/" + group + "/users/" + dee);
        Api deeApi = Keystone.as(base, Keystone.login(base, "dee", "pw-dee", project));
        assertThat(deeApi.get("/v2.1/servers").status()).isEqualTo(200);

        assertThat(admin.delete(memberPath(group, dee)).status()).isEqualTo(204);
        assertThat(deeApi.get("/v2.1/servers").status()).isEqualTo(401);
        assertThat(Keystone.login(base, "dee", "pw-dee", project).status()).as("a new token works").isEqualTo(201);
    }

    @Test
    void deleting_a_group_or_a_member_takes_their_memberships_and_grants_along() {
        String project = keystone.project("short-lived");
        String group = keystone.group("short-lived");
        String eve = keystone.user("eve", "pw-eve");
        String fay = keystone.user("fay", "pw-fay");
        keystone.put("/groups/" + group + "/users/" + eve);
        keystone.put("/groups/" + group + "/users/" + fay);
        keystone.put("/projects/" + project + "/groups/" + group + "/roles/member");
        Api eveApi = Keystone.as(base, Keystone.login(base, "eve", "pw-eve", project));

        assertThat(admin.delete("/identity/v3/users/" + fay).status()).isEqualTo(204);
        assertThat(ids(admin.get("/identity/v3/groups/" + group + "/users").json(), "users")).containsExactly(eve);

        assertThat(admin.delete("/identity/v3/groups/" + group).status()).isEqualTo(204);
        assertThat(keystone.assignments("?group.id=" + group)).isEmpty();
        assertThat(keystone.assignments("?scope.project.id=" + project)).isEmpty();
        assertThat(admin.get("/identity/v3/users/" + eve + "/groups").json().getJsonArray("groups")).isEmpty();
        assertThat(eveApi.get("/v2.1/servers").status()).isEqualTo(401);
    }

    @Test
    void only_an_admin_manages_groups() {
        String project = keystone.project("no-groups");
        String gus = keystone.user("gus", "pw-gus");
        keystone.grant(project, gus, "member");
        String group = keystone.group("admins-only");
        Api gusApi = Keystone.as(base, Keystone.login(base, "gus", "pw-gus", project));

        assertThat(assertKeystoneError(gusApi.get("/identity/v3/groups"), 403, "Forbidden").getString("message"))
                .endsWith("identity:list_groups.");
        assertKeystoneError(gusApi.post("/identity/v3/groups", new JsonObject().put("group",
                new JsonObject().put("name", "mine"))), 403, "Forbidden");
        assertKeystoneError(gusApi.send("PUT", memberPath(group, gus), null, Map.of()), 403, "Forbidden");
        assertKeystoneError(gusApi.send("PUT", "/identity/v3/projects/" + project + "/groups/" + group
                + "/roles/admin", null, Map.of()), 403, "Forbidden");
        assertKeystoneError(gusApi.delete("/identity/v3/groups/" + group), 403, "Forbidden");
    }
}
