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
