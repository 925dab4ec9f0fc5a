package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

class IdentityApiTest {
    @TempDir
    Path state;
    NovalabServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(Duration ttl) throws Exception {
        server = TestServers.start(TestServers.config(state).withTokenTtl(ttl), new FakeCompute());
        return server.baseUrl();
    }

    @Test
    void a_password_login_returns_a_token_header_and_a_catalog_pointing_back_at_the_server() throws Exception {
        String base = start(Duration.ofHours(1));
        Api.Response r = Api.anonymous(base).send("POST", "/identity/v3/auth/tokens",
                Api.passwordAuth("admin", TestServers.ADMIN_PASSWORD, "demo"), Map.of());

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("X-Subject-Token")).hasSizeGreaterThan(30);
        JsonObject token = r.json().getJsonObject("token");
        assertThat(token.getJsonObject("project").getString("name")).isEqualTo("demo");
        assertThat(token.getJsonObject("user").getString("name")).isEqualTo("admin");
        assertThat(token.getJsonArray("roles").stream().map(o -> ((JsonObject) o).getString("name")))
                .contains("admin", "member", "reader");
        assertThat(token.getString("expires_at")).endsWith("Z");
        String port = Integer.toString(server.port());
        assertThat(token.getJsonArray("catalog").stream().map(o -> (JsonObject) o)
                .map(s -> s.getString("type") + "=" + s.getJsonArray("endpoints").getJsonObject(0).getString("url")))
                .contains("compute=http://127.0.0.1:" + port + "/v2.1", "image=http://127.0.0.1:" + port + "/image");
    }

    @Test
    void the_token_is_not_stored_in_clear_in_the_database_and_validates_with_get() throws Exception {
        String base = start(Duration.ofHours(1));
        Api admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");

        Api.Response check = admin.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", admin.token()));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().getJsonObject("token").getJsonObject("user").getString("name")).isEqualTo("admin");
        assertThat(admin.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", "nope")).status())
                .isEqualTo(404);
        Api.Response head = admin.send("HEAD", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", admin.token()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("X-Subject-Token")).isEqualTo(admin.token());
        server.close();
        server = null;
        String dbFile = new String(java.nio.file.Files.readAllBytes(state.resolve("novalab-db.mv.db")),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(dbFile).doesNotContain(admin.token()).doesNotContain(TestServers.ADMIN_PASSWORD);
    }

    @Test
    void calls_without_a_token_or_with_a_bad_password_are_refused_with_401() throws Exception {
        String base = start(Duration.ofHours(1));
        Api.Response noToken = Api.anonymous(base).get("/v2.1/servers");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().getJsonObject("unauthorized").getInteger("code")).isEqualTo(401);

        Api.Response badToken = new Api(base, "forged").get("/v2/images");
        assertThat(badToken.status()).isEqualTo(401);

        Api.Response badPassword = Api.anonymous(base).send("POST", "/identity/v3/auth/tokens",
                Api.passwordAuth("admin", "wrong", "demo"), Map.of());
        assertThat(badPassword.status()).isEqualTo(401);
        assertThat(badPassword.json().getJsonObject("error").getString("title")).isEqualTo("Unauthorized");
        assertThat(badPassword.header("X-Subject-Token")).isNull();
    }

    @Test
    void an_expired_token_is_refused() throws Exception {
        String base = start(Duration.ofSeconds(1));
        Api admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        assertThat(admin.get("/v2.1/flavors").status()).isEqualTo(200);

        Thread.sleep(2100);

        Api.Response expired = admin.get("/v2.1/flavors");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().getJsonObject("unauthorized").getString("message")).contains("expired");
    }

    @Test
    void the_token_method_rescopes_an_existing_token() throws Exception {
        String base = start(Duration.ofHours(1));
        Api admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"" + admin.token()
                + "\"}},\"scope\":{\"project\":{\"name\":\"demo\",\"domain\":{\"id\":\"default\"}}}}}";
        Api.Response r = Api.anonymous(base).send("POST", "/identity/v3/auth/tokens", body, Map.of());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("X-Subject-Token")).isNotEqualTo(admin.token());
        assertThat(r.json().getJsonObject("token").getJsonArray("methods").getString(0)).isEqualTo("token");
    }

    @Test
    void discovery_documents_need_no_token() throws Exception {
        String base = start(Duration.ofHours(1));
        Api anon = Api.anonymous(base);
        assertThat(anon.get("/identity/v3").json().getJsonObject("version").getString("id")).startsWith("v3");
        assertThat(anon.get("/identity").status()).isEqualTo(300);
        Api.Response nova = anon.get("/v2.1");
        assertThat(nova.json().getJsonObject("version").getString("version")).isEqualTo("2.90");
        assertThat(anon.get("/").json().getJsonArray("versions")).isNotEmpty();
        JsonObject openapi = anon.get("/openapi.json").json();
        assertThat(openapi.getJsonObject("paths").fieldNames()).contains("/identity/v3/auth/tokens", "/v2.1/servers",
                "/v2.1/servers/{server_id}/action", "/v2/images/{image_id}/file", "/metrics");
    }

    @Test
    void only_an_admin_creates_projects_and_users_and_a_new_user_can_log_in() throws Exception {
        String base = start(Duration.ofHours(1));
        Api admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        String project = admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "other"))).json().getJsonObject("project").getString("id");
        String user = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject()
                .put("name", "bob").put("password", "bobpw").put("default_project_id", project)))
                .json().getJsonObject("user").getString("id");
        assertThat(admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + user + "/roles/member", null,
                Map.of()).status()).isEqualTo(204);

        Api bob = Api.login(base, "bob", "bobpw", "other");
        Api.Response refused = bob.post("/identity/v3/projects",
                new JsonObject().put("project", new JsonObject().put("name", "third")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getJsonObject("error").getInteger("code")).isEqualTo(403);
    }
}
