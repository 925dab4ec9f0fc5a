package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.novalab.api.testing.Api;

/** What the identity specifications do again and again, through the HTTP API as an admin. */
public final class Keystone {
    private final Api admin;
    private final String base;

    public Keystone(String base, Api admin) {
        this.base = base;
        this.admin = admin;
    }

    Api admin() {
        return admin;
    }

    public String v3(String path) {
        return base + "/identity/v3" + path;
    }

    public JsonObject createProject(JsonObject project) {
        Api.Response r = admin.post("/identity/v3/projects", new JsonObject().put("project", project));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("project");
    }

    public String project(String name) {
        return createProject(new JsonObject().put("name", name)).getString("id");
    }

    public JsonObject createUser(JsonObject user) {
        Api.Response r = admin.post("/identity/v3/users", new JsonObject().put("user", user));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("user");
    }

    public String user(String name, String password) {
        return createUser(new JsonObject().put("name", name).put("password", password)).getString("id");
    }

    public void grant(String project, String user, String role) {
        put("/projects/" + project + "/users/" + user + "/roles/" + role);
    }

    JsonObject createGroup(JsonObject group) {
        Api.Response r = admin.post("/identity/v3/groups", new JsonObject().put("group", group));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("group");
    }

    String group(String name) {
        return createGroup(new JsonObject().put("name", name)).getString("id");
    }

    public String domain(String name) {
        Api.Response r = admin.post("/identity/v3/domains", new JsonObject().put("domain",
                new JsonObject().put("name", name)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("domain").getString("id");
    }

    String role(JsonObject role) {
        Api.Response r = admin.post("/identity/v3/roles", new JsonObject().put("role", role));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("role").getString("id");
    }

    /** A role inference rule: whoever holds the prior role holds the implied one too. */
    void imply(String prior, String implied) {
        Api.Response r = admin.send("PUT", "/identity/v3/roles/" + prior + "/implies/" + implied, null, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** A PUT under {@code /identity/v3} that must answer 204: a grant, a membership. */
    void put(String path) {
        Api.Response r = admin.send("PUT", "/identity/v3" + path, null, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    /** The assignments {@code GET /v3/role_assignments} lists for the query (with its leading "?"). */
    List<JsonObject> assignments(String query) {
        Api.Response r = admin.get("/identity/v3/role_assignments" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("role_assignments").stream().map(o -> (JsonObject) o).toList();
    }

    static List<String> roleIds(List<JsonObject> assignments) {
        return assignments.stream().map(a -> a.getJsonObject("role").getString("id")).toList();
    }

    public static Api.Response patch(Api api, String path, JsonObject body) {
        return api.send("PATCH", path, body.encode(), Map.of());
    }

    /** A password login; with no project the token is unscoped (or scoped to the user's default project). */
    public static Api.Response login(String base, String user, String password, String project) {
        return loginScoped(base, user, password, project == null ? null
                : new JsonObject().put("project", new JsonObject().put("id", project)));
    }

    /** A password login of a user of the default domain with the scope given ({@code {"domain": {"id": ...}}}). */
    public static Api.Response loginScoped(String base, String user, String password, JsonObject scope) {
        JsonObject auth = new JsonObject().put("identity", new JsonObject()
                .put("methods", new JsonArray().add("password"))
                .put("password", new JsonObject().put("user", new JsonObject().put("name", user)
                        .put("domain", new JsonObject().put("id", "default")).put("password", password))));
        if (scope != null) {
            auth.put("scope", scope);
        }
        return Api.anonymous(base).post("/identity/v3/auth/tokens", new JsonObject().put("auth", auth));
    }

    /** The names of the roles a token carries. */
    static List<String> roleNames(Api.Response login) {
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        return login.json().getJsonObject("token").getJsonArray("roles").stream()
                .map(o -> ((JsonObject) o).getString("name")).toList();
    }

    public static Api as(String base, Api.Response login) {
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        return new Api(base, login.header("X-Subject-Token"));
    }

    public static List<String> ids(JsonObject collection, String name) {
        return collection.getJsonArray(name).stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    /** Keystone's error body: {@code {"error": {"code", "title", "message"}}} with the status it answers. */
    public static JsonObject assertKeystoneError(Api.Response r, int status, String title) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonObject error = r.json().getJsonObject("error");
        assertThat(error.getInteger("code")).isEqualTo(status);
        assertThat(error.getString("title")).isEqualTo(title);
        assertThat(error.getString("message")).isNotBlank();
        return error;
    }
}
