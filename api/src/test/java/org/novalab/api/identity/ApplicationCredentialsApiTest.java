package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * Keystone's application credentials: a user hands some of its roles on one project to an application, which logs
 * in with the credential's secret and gets exactly those roles there, until the credential expires or is deleted.
 */
class ApplicationCredentialsApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static String base;
    static Keystone keystone;
    static String project;
    static String userId;
    static Api user;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        base = server.baseUrl();
        keystone = new Keystone(base, Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo"));
        project = keystone.project("ci");
        userId = keystone.user("terraform-owner", "owner-password");
        keystone.grant(project, userId, "member");
        keystone.grant(project, userId, "reader");
        user = Keystone.as(base, Keystone.login(base, "terraform-owner", "owner-password", project));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String credentials() {
        return "/identity/v3/users/" + userId + "/application_credentials";
    }

    private static Api.Response create(Api as, JsonObject credential) {
        return as.post("/identity/v3/users/" + userId + "/application_credentials",
                new JsonObject().put("application_credential", credential));
    }

    private static Api.Response loginWith(JsonObject credential) {
        JsonObject auth = new JsonObject().put("identity", new JsonObject()
                .put("methods", new JsonArray().add("application_credential"))
                .put("application_credential", credential));
        return Api.anonymous(base).post("/identity/v3/auth/tokens", new JsonObject().put("auth", auth));
    }

    @Test
    void the_secret_is_shown_once_and_logs_in_to_the_credentials_project_with_its_roles_only() {
        Api.Response made = create(user, new JsonObject().put("name", "readonly-app")
                .put("roles", new JsonArray().add(new JsonObject().put("name", "reader"))));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonObject credential = made.json().getJsonObject("application_credential");
        String secret = credential.getString("secret");
        assertThat(secret).as("64 random bytes, URL-safe base64").hasSize(86);
        assertThat(credential.getString("project_id")).isEqualTo(project);
        assertThat(credential.getBoolean("unrestricted")).isFalse();
        assertThat(credential.getJsonArray("roles").getJsonObject(0).getString("name")).isEqualTo("reader");
        assertThat(credential.getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/users/" + userId + "/application_credentials/" + credential.getString("id")));

        JsonObject shown = user.get(credentials() + "/" + credential.getString("id")).json()
                .getJsonObject("application_credential");
        assertThat(shown.containsKey("secret")).as("never shown again").isFalse();

        Api.Response login = loginWith(new JsonObject().put("id", credential.getString("id")).put("secret", secret));
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        JsonObject token = login.json().getJsonObject("token");
        assertThat(token.getJsonObject("project").getString("id")).isEqualTo(project);
        assertThat(token.getJsonArray("methods").getList()).containsExactly("application_credential");
        assertThat(token.getJsonArray("roles").stream().map(r -> ((JsonObject) r).getString("name")))
                .containsExactly("reader");
        assertThat(token.getJsonObject("application_credential").getBoolean("restricted")).isTrue();

        Api app = new Api(base, login.header("X-Subject-Token"));
        assertThat(app.get("/v2.1/servers").status()).as("a reader lists servers").isEqualTo(200);
        assertThat(app.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "vm")
                .put("imageRef", "x").put("flavorRef", "1"))).status()).as("but boots nothing: it holds reader only")
                .isEqualTo(403);
        assertKeystoneError(create(app, new JsonObject().put("name", "child")), 403, "Forbidden");
        Api.Response rescoped = Api.anonymous(base).post("/identity/v3/auth/tokens", new JsonObject().put("auth",
                new JsonObject().put("identity", new JsonObject().put("methods", new JsonArray().add("token"))
                        .put("token", new JsonObject().put("id", app.token())))));
        assertThat(rescoped.status()).as("a rescoped token would carry every role of the user").isEqualTo(403);
    }

    @Test
    void a_wrong_secret_another_projects_scope_and_an_unknown_credential_are_refused_like_a_bad_password() {
        JsonObject credential = create(user, new JsonObject().put("name", "guarded").put("secret", "chosen-secret"))
                .json().getJsonObject("application_credential");
        assertThat(credential.getString("secret")).isEqualTo("chosen-secret");
        String id = credential.getString("id");

        assertThat(loginWith(new JsonObject().put("id", id).put("secret", "wrong")).status()).isEqualTo(401);
        assertThat(loginWith(new JsonObject().put("id", "nope").put("secret", "chosen-secret")).status()).isEqualTo(401);
        JsonObject auth = new JsonObject().put("identity", new JsonObject()
                .put("methods", new JsonArray().add("application_credential"))
                .put("application_credential", new JsonObject().put("id", id).put("secret", "chosen-secret")))
                .put("scope", new JsonObject().put("project", new JsonObject().put("id", "demo")));
        assertThat(Api.anonymous(base).post("/identity/v3/auth/tokens", new JsonObject().put("auth", auth)).status())
                .as("another project than the credential's").isEqualTo(401);
        auth.put("scope", new JsonObject().put("project", new JsonObject().put("id", project)));
        assertThat(Api.anonymous(base).post("/identity/v3/auth/tokens", new JsonObject().put("auth", auth)).status())
                .as("its own project, as the openstack client sends it").isEqualTo(201);
        Api.Response byName = loginWith(new JsonObject().put("name", "guarded").put("secret", "chosen-secret")
                .put("user", new JsonObject().put("name", "terraform-owner")
                        .put("domain", new JsonObject().put("id", "default"))));
        assertThat(byName.status()).as(byName.body()).isEqualTo(201);
    }

    @Test
    void an_expiry_is_echoed_as_keystone_writes_it_caps_the_tokens_and_must_lie_ahead() {
        LocalDateTime inAnHour = LocalDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MICROS)
                .withNano(123456000);
        String asSent = inAnHour.toString();
        Api.Response made = create(user, new JsonObject().put("name", "expiring").put("expires_at", asSent));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonObject credential = made.json().getJsonObject("application_credential");
        assertThat(credential.getString("expires_at")).isEqualTo(asSent);

        Api.Response login = loginWith(new JsonObject().put("id", credential.getString("id"))
                .put("secret", credential.getString("secret")));
        Instant tokenExpiry = Instant.parse(login.json().getJsonObject("token").getString("expires_at"));
        assertThat(tokenExpiry).isBeforeOrEqualTo(inAnHour.toInstant(ZoneOffset.UTC));

        assertKeystoneError(create(user, new JsonObject().put("name", "past").put("expires_at",
                "2001-01-01T00:00:00")), 400, "Bad Request");
    }

    @Test
    void names_are_unique_per_user_lists_filter_by_name_and_deleting_ends_its_tokens() {
        JsonObject first = create(user, new JsonObject().put("name", "dup")).json()
                .getJsonObject("application_credential");
        assertKeystoneError(create(user, new JsonObject().put("name", "dup")), 409, "Conflict");
        assertThat(user.get(credentials() + "?name=dup").json().getJsonArray("application_credentials").size())
                .isEqualTo(1);

        Api app = new Api(base, loginWith(new JsonObject().put("id", first.getString("id"))
                .put("secret", first.getString("secret"))).header("X-Subject-Token"));
        assertThat(app.get("/v2.1/servers").status()).isEqualTo(200);
        assertThat(user.delete(credentials() + "/" + first.getString("id")).status()).isEqualTo(204);
        assertThat(app.get("/v2.1/servers").status()).as("its tokens end with it").isEqualTo(401);
        assertKeystoneError(user.get(credentials() + "/" + first.getString("id")), 404, "Not Found");
    }

    @Test
    void roles_the_user_does_not_hold_access_rules_and_other_users_are_refused() {
        assertKeystoneError(create(user, new JsonObject().put("name", "greedy")
                .put("roles", new JsonArray().add(new JsonObject().put("name", "admin")))), 400, "Bad Request");
        assertKeystoneError(create(user, new JsonObject().put("name", "ruled").put("access_rules", new JsonArray()
                .add(new JsonObject().put("path", "/v2.1/servers").put("method", "GET")
                        .put("service", "compute")))), 400, "Bad Request");
        String other = keystone.user("someone-else", "other-password");
        keystone.grant(project, other, "member");
        Api someone = Keystone.as(base, Keystone.login(base, "someone-else", "other-password", project));
        assertKeystoneError(create(someone, new JsonObject().put("name", "not-mine")), 403, "Forbidden");
        assertKeystoneError(someone.get(credentials()), 403, "Forbidden");
        assertThat(keystone.admin().get(credentials()).status()).as("an admin may look").isEqualTo(200);
        assertThat(user.get(credentials()).json().getJsonArray("application_credentials").stream()
                .map(c -> ((JsonObject) c).getString("name")).toList()).doesNotContain("greedy", "ruled", "not-mine");
    }

    @Test
    void the_secret_is_kept_only_as_its_hash() throws Exception {
        String secret = create(user, new JsonObject().put("name", "stored")).json()
                .getJsonObject("application_credential").getString("secret");
        server.close();
        try {
            String db = new String(Files.readAllBytes(state.resolve("novalab-db.mv.db")), StandardCharsets.ISO_8859_1);
            assertThat(db).doesNotContain(secret);
        } finally {
            server = TestServers.start(TestServers.config(state), new FakeCompute());
            base = server.baseUrl();
            keystone = new Keystone(base, Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo"));
            user = Keystone.as(base, Keystone.login(base, "terraform-owner", "owner-password", project));
        }
    }
}
