package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.novalab.api.testing.Api;

/** What the identity specifications do again and again, through the HTTP API as an admin. */
final class Keystone {
    private final Api admin;
    private final String base;

    Keystone(String base, Api admin) {
        this.base = base;
        this.admin = admin;
    }

    Api admin() {
        return admin;
    }

    String v3(String path) {
        return base + "/identity/v3" + path;
    }

    JsonObject createProject(JsonObject project) {
        Api.Response r = admin.post("/identity/v3/projects", new JsonObject().put("project", project));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("project");
    }

    String project(String name) {
        return createProject(new JsonObject().put("name", name)).getString("id");
    }

    JsonObject createUser(JsonObject user) {
        Api.Response r = admin.post("/identity/v3/users", new JsonObject().put("user", user));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("user");
    }

    String user(String name, String password) {
        return createUser(new JsonObject().put("name", name).put("password", password)).getString("id");
    }

    void grant(String project, String user, String role) {
        Api.Response r = admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + user + "/roles/" + role,
                null, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    static Api.Response patch(Api api, String path, JsonObject body) {
        return api.send("PATCH", path, body.encode(), Map.of());
    }

    /** A password login; with no project the token is unscoped (or scoped to the user's default project). */
    static Api.Response login(String base, String user, String password, String project) {
        JsonObject auth = new JsonObject().put("identity", new JsonObject()
                .put("methods", new JsonArray().add("password"))
                .put("password", new JsonObject().put("user", new JsonObject().put("name", user)
                        .put("domain", new JsonObject().put("id", "default")).put("password", password))));
        if (project != null) {
            auth.put("scope", new JsonObject().put("project", new JsonObject().put("id", project)));
        }
        return Api.anonymous(base).post("/identity/v3/auth/tokens", new JsonObject().put("auth", auth));
    }

    static Api as(String base, Api.Response login) {
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        return new Api(base, login.header("X-Subject-Token"));
    }

    static List<String> ids(JsonObject collection, String name) {
        return collection.getJsonArray(name).stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    /** Keystone's error body: {@code {"error": {"code", "title", "message"}}} with the status it answers. */
    static JsonObject assertKeystoneError(Api.Response r, int status, String title) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonObject error = r.json().getJsonObject("error");
        assertThat(error.getInteger("code")).isEqualTo(status);
        assertThat(error.getString("title")).isEqualTo(title);
        assertThat(error.getString("message")).isNotBlank();
        return error;
    }
}
