package org.novalab.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Projects and users made through the Keystone API by an admin, for tests with more than one caller. */
public final class Users {
    private final Api admin;

    public Users(Api admin) {
        this.admin = admin;
    }

    /** Creates a project; returns its id. */
    public String project(String name) {
        Api.Response r = admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", name)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("project").getString("id");
    }

    /** The id of the project named {@code name}. */
    public String projectId(String name) {
        return admin.get("/identity/v3/projects").json().getJsonArray("projects").stream()
                .map(o -> (JsonObject) o).filter(p -> p.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no project " + name)).getString("id");
    }

    /** Lifts the project's instance, core and ram quotas (Nova's defaults allow 10 servers), as an admin can. */
    public void unlimitedServers(String projectName) {
        Api.Response r = admin.send("PUT", "/v2.1/os-quota-sets/" + projectId(projectName), new JsonObject()
                .put("quota_set", new JsonObject().put("instances", -1).put("cores", -1).put("ram", -1)).encode(),
                Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Creates user {@code name} (password {@code pw-<name>}) with {@code role} on {@code project}; returns its id. */
    public String user(String name, String project, String role) {
        Api.Response r = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject()
                .put("name", name).put("password", "pw-" + name).put("default_project_id", project)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().getJsonObject("user").getString("id");
        assertThat(admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + id + "/roles/" + role, null,
                Map.of()).status()).isEqualTo(204);
        return id;
    }
}
