package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.novalab.api.testing.Api;

/** Projects with one user each, made through Keystone's API as the admin, for the image policy specifications. */
final class Projects {
    /** A project and a user of it, logged in. */
    record Tenant(String projectId, Api api) {
    }

    static final String JSON_PATCH = "application/openstack-images-v2.1-json-patch";

    private Projects() {
    }

    static Tenant tenant(Api admin, String base, String name, String role) {
        String project = admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", name))).json().getJsonObject("project").getString("id");
        String user = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject()
                .put("name", name + "-user").put("password", "pw-" + name).put("default_project_id", project)))
                .json().getJsonObject("user").getString("id");
        assertThat(admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + user + "/roles/" + role, null,
                Map.of()).status()).isEqualTo(204);
        return new Tenant(project, Api.login(base, name + "-user", "pw-" + name, name));
    }

    /** Creates an image as {@code who} and answers its id. */
    static String image(Api who, JsonObject fields) {
        Api.Response r = who.post("/v2/images", fields.copy().put("disk_format", fields.getString("disk_format", "raw"))
                .put("container_format", fields.getString("container_format", "bare")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getString("id");
    }

    static Api.Response upload(Api who, String id, byte[] data) {
        return who.sendBytes("PUT", "/v2/images/" + id + "/file",
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(data),
                Map.of("Content-Type", "application/octet-stream"));
    }

    static Api.Response patch(Api who, String id, JsonArray operations) {
        return who.send("PATCH", "/v2/images/" + id, operations.encode(), Map.of("Content-Type", JSON_PATCH));
    }

    /** The ids of {@code GET path} (an image list). */
    static List<String> ids(Api who, String path) {
        Api.Response r = who.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("images").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }
}
