package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;

import io.vertx.core.json.JsonArray;
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

/** Tokens beyond a project login: revocation, unscoped tokens and their rescoping, the scopes a user may take. */
class TokensApiTest {
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

    private static Api.Response subject(Api caller, String method, String token) {
        return caller.send(method, "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", token));
    }

    @Test
    void a_revoked_token_is_refused_everywhere_afterwards() {
        String project = keystone.project("revoking");
        keystone.grant(project, keystone.user("rev", "pw-rev"), "member");
        Api first = Keystone.as(base, Keystone.login(base, "rev", "pw-rev", project));
        Api second = Keystone.as(base, Keystone.login(base, "rev", "pw-rev", project));
        assertThat(first.get("/v2.1/servers").status()).isEqualTo(200);

        assertThat(subject(second, "DELETE", first.token()).status()).as("a user revokes its own token").isEqualTo(204);

        assertThat(first.get("/v2.1/servers").status()).isEqualTo(401);
        assertThat(first.get("/v2/images").status()).isEqualTo(401);
        assertKeystoneError(first.get("/identity/v3/auth/projects"), 401, "Unauthorized");
        assertKeystoneError(subject(admin, "GET", first.token()), 404, "Not Found");
        assertThat(subject(admin, "HEAD", first.token()).status()).isEqualTo(404);
        assertKeystoneError(subject(admin, "DELETE", first.token()), 404, "Not Found");
        assertThat(second.get("/v2.1/servers").status()).as("the user's other token lives on").isEqualTo(200);
    }

    @Test
    void only_the_tokens_user_or_an_admin_revokes_it() {
        String project = keystone.project("revoke-policy");
        keystone.grant(project, keystone.user("ann", "pw-ann"), "member");
        keystone.grant(project, keystone.user("ben", "pw-ben"), "member");
        Api ann = Keystone.as(base, Keystone.login(base, "ann", "pw-ann", project));
        Api ben = Keystone.as(base, Keystone.login(base, "ben", "pw-ben", project));

        JsonObject refused = assertKeystoneError(subject(ben, "DELETE", ann.token()), 403, "Forbidden");
        assertThat(refused.getString("message")).endsWith("identity:revoke_token.");
        assertThat(ann.get("/v2.1/servers").status()).isEqualTo(200);
        assertThat(subject(admin, "DELETE", ann.token()).status()).isEqualTo(204);
        assertThat(ann.get("/v2.1/servers").status()).isEqualTo(401);
    }

    @Test
    void a_user_without_a_default_project_gets_an_unscoped_token_that_only_keystone_takes() {
        String project = keystone.project("unscoped-later");
        String user = keystone.user("una", "pw-una");
        keystone.grant(project, user, "member");

        Api.Response login = Keystone.login(base, "una", "pw-una", null);
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        JsonObject token = login.json().getJsonObject("token");
        assertThat(token.getJsonObject("user").getString("id")).isEqualTo(user);
        assertThat(token.getJsonObject("user").getJsonObject("domain").getString("name")).isEqualTo("Default");
        assertThat(token.fieldNames()).doesNotContain("project", "roles", "catalog");
        Api una = Keystone.as(base, login);

        assertThat(una.get("/v2.1/servers").status()).as("Nova needs a project").isEqualTo(401);
        assertThat(una.get("/identity/v3/users/" + user).status()).isEqualTo(200);
        Api.Response scopes = una.get("/identity/v3/auth/projects");
        assertThat(Keystone.ids(scopes.json(), "projects")).containsExactly(project);
        assertThat(una.get("/identity/v3/auth/domains").json().getJsonArray("domains")).isEmpty();

        String rescope = new JsonObject().put("auth", new JsonObject()
                .put("identity", new JsonObject().put("methods", new JsonArray().add("token"))
                        .put("token", new JsonObject().put("id", una.token())))
                .put("scope", new JsonObject().put("project", new JsonObject().put("id", project)))).encode();
        Api.Response scoped = Api.anonymous(base).post("/identity/v3/auth/tokens", rescope);
        assertThat(scoped.status()).as(scoped.body()).isEqualTo(201);
        JsonObject scopedToken = scoped.json().getJsonObject("token");
        assertThat(scopedToken.getJsonArray("methods")).containsExactlyInAnyOrder("token", "password");
        assertThat(scopedToken.getString("expires_at")).isEqualTo(token.getString("expires_at"));
        assertThat(scopedToken.getJsonObject("project").getString("id")).isEqualTo(project);
        assertThat(scopedToken.getJsonArray("catalog")).isNotEmpty();
        assertThat(new Api(base, scoped.header("X-Subject-Token")).get("/v2.1/servers").status()).isEqualTo(200);
    }

    @Test
    void a_scope_the_user_has_no_role_on_is_refused() {
        String project = keystone.project("not-yours");
        keystone.user("nora", "pw-nora");
        JsonObject error = assertKeystoneError(Keystone.login(base, "nora", "pw-nora", project), 401, "Unauthorized");
        assertThat(error.getString("message")).contains("has no access to project");
        String domainScope = new JsonObject().put("auth", new JsonObject()
                .put("identity", new JsonObject().put("methods", new JsonArray().add("password"))
                        .put("password", new JsonObject().put("user", new JsonObject().put("name", "nora")
                                .put("domain", new JsonObject().put("id", "default")).put("password", "pw-nora"))))
                .put("scope", new JsonObject().put("domain", new JsonObject().put("id", "default")))).encode();
        assertKeystoneError(Api.anonymous(base).post("/identity/v3/auth/tokens", domainScope), 401, "Unauthorized");
    }
}
