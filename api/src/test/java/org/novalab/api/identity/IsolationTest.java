package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Two projects share a novalab: neither sees nor touches the other's servers or private images. */
class IsolationTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api alice;
    static Api bob;
    static Api reader;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        String base = server.baseUrl();
        admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        String red = project("red");
        String blue = project("blue");
        user("alice", red, "member");
        user("bob", blue, "member");
        user("rita", red, "reader");
        alice = Api.login(base, "alice", "pw-alice", "red");
        bob = Api.login(base, "bob", "pw-bob", "blue");
        reader = Api.login(base, "rita", "pw-rita", "red");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String project(String name) {
        return admin.post("/identity/v3/projects", new JsonObject().put("project", new JsonObject().put("name", name)))
                .json().getJsonObject("project").getString("id");
    }

    private static void user(String name, String project, String role) {
        String id = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject().put("name", name)
                .put("password", "pw-" + name).put("default_project_id", project))).json().getJsonObject("user")
                .getString("id");
        assertThat(admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + id + "/roles/" + role, null,
                Map.of()).status()).isEqualTo(204);
    }

    private static String boot(Api who, String name) throws Exception {
        Api.Response r = who.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        who.awaitStatus(id, "ACTIVE");
        return id;
    }

    @Test
    void projects_cannot_see_or_delete_each_others_servers() throws Exception {
        String alices = boot(alice, "alice-vm");
        String bobs = boot(bob, "bob-vm");

        assertThat(alice.get("/v2.1/servers").json().getJsonArray("servers").stream()
                .map(o -> ((JsonObject) o).getString("id"))).contains(alices).doesNotContain(bobs);
        assertThat(bob.get("/v2.1/servers/" + alices).status()).isEqualTo(404);
        assertThat(bob.delete("/v2.1/servers/" + alices).status()).isEqualTo(404);
        assertThat(bob.post("/v2.1/servers/" + alices + "/action", "{\"os-stop\": null}").status()).isEqualTo(404);
        assertThat(alice.get("/v2.1/servers/" + alices).json().getJsonObject("server").getString("status"))
                .isEqualTo("ACTIVE");
        assertThat(alice.get("/v2.1/servers/" + alices).json().getJsonObject("server")
                .containsKey("OS-EXT-SRV-ATTR:instance_name")).as("admin-only field").isFalse();

        assertThat(admin.get("/v2.1/servers?all_tenants=1").json().getJsonArray("servers").stream()
                .map(o -> ((JsonObject) o).getString("id"))).contains(alices, bobs);
    }

    @Test
    void a_reader_sees_its_project_but_cannot_create_or_delete() throws Exception {
        String alices = boot(alice, "alice-vm2");
        assertThat(reader.get("/v2.1/servers/" + alices).status()).isEqualTo(200);

        Api.Response create = reader.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "nope").put("imageRef", TestServers.CIRROS).put("flavorRef", "1")));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().getJsonObject("forbidden").getInteger("code")).isEqualTo(403);
        assertThat(reader.delete("/v2.1/servers/" + alices).status()).isEqualTo(403);
        assertThat(reader.post("/v2.1/servers/" + alices + "/action", "{\"os-stop\": null}").status()).isEqualTo(403);
        assertThat(reader.post("/v2/images", new JsonObject().put("name", "x")).status()).isEqualTo(403);
    }

    @Test
    void private_images_stay_in_their_project_and_public_ones_are_shared() {
        Api.Response created = alice.post("/v2/images", new JsonObject().put("name", "alice-private")
                .put("disk_format", "raw").put("container_format", "bare").put("visibility", "private"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");

        assertThat(bob.get("/v2/images/" + id).status()).isEqualTo(404);
        assertThat(bob.delete("/v2/images/" + id).status()).isEqualTo(404);
        assertThat(bob.get("/v2/images").json().getJsonArray("images").stream()
                .map(o -> ((JsonObject) o).getString("name"))).contains("cirros-x86_64").doesNotContain("alice-private");
        assertThat(alice.get("/v2/images/" + id).status()).isEqualTo(200);

        Api.Response publicize = alice.post("/v2/images", new JsonObject().put("name", "p").put("visibility", "public"));
        assertThat(publicize.status()).isEqualTo(403);
    }

    @Test
    void a_token_is_validated_only_by_its_own_user_or_an_admin_as_keystone_s_policy_says() {
        for (String method : new String[] {"GET", "HEAD"}) {
            String action = method.equals("GET") ? "identity:validate_token" : "identity:check_token";
            Api.Response foreign = bob.send(method, "/identity/v3/auth/tokens", null,
                    Map.of("X-Subject-Token", admin.token()));
            assertThat(foreign.status()).as(method + " of the admin's token by bob").isEqualTo(403);
            if (method.equals("GET")) {
                JsonObject error = foreign.json().getJsonObject("error");
                assertThat(error.getString("message")).isEqualTo(
                        "You are not authorized to perform the requested action: " + action + ".");
                assertThat(foreign.body()).doesNotContain("catalog").doesNotContain("roles");
            }
            assertThat(reader.send(method, "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", alice.token()))
                    .status()).as(method + " of alice's token by a reader of her project").isEqualTo(403);

            assertThat(bob.send(method, "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", bob.token()))
                    .status()).as(method + " of bob's own token").isEqualTo(200);
            assertThat(admin.send(method, "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", bob.token()))
                    .status()).as(method + " of bob's token by the admin").isEqualTo(200);
            // the subject is looked up first, as Keystone does: an unknown one is a 404 for anyone
            assertThat(bob.send(method, "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", "nope"))
                    .status()).isEqualTo(404);
        }
        // another token of the same user is its own subject too (a rescoped or second login)
        Api again = Api.login(server.baseUrl(), "bob", "pw-bob", "blue");
        assertThat(bob.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", again.token()))
                .status()).isEqualTo(200);
    }

    @Test
    void only_an_admin_manages_projects_users_and_grants_refused_in_keystone_s_words() {
        Map<String, Api.Response> refused = Map.of(
                "identity:create_project", alice.post("/identity/v3/projects",
                        new JsonObject().put("project", new JsonObject().put("name", "mine"))),
                "identity:create_user", alice.post("/identity/v3/users",
                        new JsonObject().put("user", new JsonObject().put("name", "eve").put("password", "x"))),
                "identity:create_grant", alice.send("PUT", "/identity/v3/projects/p/users/u/roles/admin", null, Map.of()));
        refused.forEach((action, r) -> {
            assertThat(r.status()).as(action).isEqualTo(403);
            assertThat(r.json().getJsonObject("error").getString("message"))
                    .isEqualTo("You are not authorized to perform the requested action: " + action + ".");
        });
    }

    @Test
    void only_an_admin_creates_flavors() {
        Api.Response r = alice.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject()
                .put("name", "x").put("ram", 1).put("vcpus", 1).put("disk", 1)));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().getJsonObject("forbidden").getString("message")).contains("os-flavor-manage");
    }
}
