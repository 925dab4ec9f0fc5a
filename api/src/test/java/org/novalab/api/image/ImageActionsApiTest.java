package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.image.Projects.image;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.image.Projects.Tenant;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * Glance's deactivate and reactivate, who may set an image's owner, and its router's 404 for an empty image id.
 */
class ImageActionsApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Tenant owner;
    static Tenant other;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        owner = Projects.tenant(admin, server.baseUrl(), "keeper", "member");
        other = Projects.tenant(admin, server.baseUrl(), "visitor", "member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int action(Api who, String id, String action) {
        return who.post("/v2/images/" + id + "/actions/" + action, "").status();
    }

    @Test
    void a_deactivated_image_cannot_be_downloaded_but_by_an_admin_nor_booted_until_reactivated() throws Exception {
        byte[] data = {7, 7, 7, 7};
        String id = image(admin, new JsonObject().put("name", "paused").put("visibility", "public")
                .put("owner", owner.projectId()));
        assertThat(Projects.upload(admin, id, data).status()).isEqualTo(204);

        assertThat(action(other.api(), id, "deactivate")).isEqualTo(403);
        assertThat(action(owner.api(), id, "deactivate")).isEqualTo(204);
        assertThat(action(owner.api(), id, "deactivate")).as("again: no change, no error").isEqualTo(204);
        assertThat(owner.api().get("/v2/images/" + id).json().getString("status")).isEqualTo("deactivated");

        HttpResponse<byte[]> refused = owner.api().getBytes("/v2/images/" + id + "/file");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(new String(refused.body())).contains("The requested image has been deactivated. Image data "
                + "download is forbidden.");
        assertThat(admin.getBytes("/v2/images/" + id + "/file").body()).isEqualTo(data);
        Api.Response boot = other.api().post("/v2.1/servers", ImageMembersApiTest.server("vm", id));
        assertThat(boot.status()).isEqualTo(400);
        assertThat(boot.json().getJsonObject("badRequest").getString("message")).contains("is not active");

        assertThat(action(other.api(), id, "reactivate")).isEqualTo(403);
        assertThat(action(admin, id, "reactivate")).isEqualTo(204);
        assertThat(owner.api().get("/v2/images/" + id).json().getString("status")).isEqualTo("active");
        assertThat(other.api().getBytes("/v2/images/" + id + "/file").body()).isEqualTo(data);
    }

    @Test
    void only_an_active_image_is_deactivated_and_an_unseen_one_is_not_found() {
        String queued = image(owner.api(), new JsonObject().put("name", "empty").put("visibility", "private"));
        Api.Response refused = owner.api().post("/v2/images/" + queued + "/actions/deactivate", "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("message")).isEqualTo("Not allowed to deactivate image in status "
                + "'queued'");
        assertThat(action(owner.api(), queued, "reactivate")).isEqualTo(403);
        assertThat(action(other.api(), queued, "deactivate")).isEqualTo(404);
        assertThat(owner.api().get("/v2/images/" + queued).json().getString("status")).isEqualTo("queued");
    }

    @Test
    void an_admin_sets_any_owner_and_others_only_their_own_project() {
        Api.Response made = admin.post("/v2/images", new JsonObject().put("name", "given")
                .put("owner", owner.projectId()).put("visibility", "private"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().getString("owner")).isEqualTo(owner.projectId());
        String id = made.json().getString("id");
        assertThat(owner.api().get("/v2/images/" + id).status()).as("now the owner's image").isEqualTo(200);

        Api.Response moved = Projects.patch(admin, id, new JsonArray().add(new JsonObject().put("op", "replace")
                .put("path", "/owner").put("value", other.projectId())));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(other.api().get("/v2/images/" + id).json().getString("owner")).isEqualTo(other.projectId());
        assertThat(owner.api().get("/v2/images/" + id).status()).isEqualTo(404);

        Api.Response grab = Projects.patch(other.api(), id, new JsonArray().add(new JsonObject().put("op", "replace")
                .put("path", "/owner").put("value", owner.projectId())));
        assertThat(grab.status()).isEqualTo(403);
        assertThat(grab.json().getString("message")).isEqualTo("Owner can't be updated by non admin.");
        Api.Response foreign = owner.api().post("/v2/images", new JsonObject().put("name", "for-them")
                .put("owner", other.projectId()));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().getString("message")).isEqualTo("You are not authorized to complete add_image "
                + "action.");
        Api.Response own = owner.api().post("/v2/images", new JsonObject().put("name", "for-me")
                .put("owner", owner.projectId()));
        assertThat(own.status()).isEqualTo(201);
        assertThat(admin.get("/v2/images/" + id).json().getString("owner")).isEqualTo(other.projectId());
    }

    @Test
    void a_hidden_image_is_left_out_of_lists_unless_they_ask_for_it() {
        Api.Response made = owner.api().post("/v2/images", new JsonObject().put("name", "hidden")
                .put("os_hidden", true));
        assertThat(made.json().getBoolean("os_hidden")).isTrue();
        String id = made.json().getString("id");
        assertThat(Projects.ids(owner.api(), "/v2/images")).doesNotContain(id);
        assertThat(Projects.ids(owner.api(), "/v2/images?os_hidden=true")).containsExactly(id);
        assertThat(owner.api().get("/v2/images/" + id).status()).isEqualTo(200);

        Api.Response shown = Projects.patch(owner.api(), id, new JsonArray().add(new JsonObject().put("op", "replace")
                .put("path", "/os_hidden").put("value", false)));
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(Projects.ids(owner.api(), "/v2/images")).contains(id);
        assertThat(owner.api().get("/v2/images?os_hidden=maybe").status()).isEqualTo(400);
        assertThat(owner.api().post("/v2/images", new JsonObject().put("name", "h").put("os_hidden", "yes")).status())
                .isEqualTo(400);
    }

    @Test
    void an_empty_image_id_is_not_found_whatever_the_method() {
        for (String prefix : new String[] {"", "/image"}) {
            Api.Response show = owner.api().get(prefix + "/v2/images/");
            assertThat(show.status()).isEqualTo(404);
            assertThat(show.json().getString("title")).isEqualTo("Not Found");
            assertThat(owner.api().delete(prefix + "/v2/images/").status()).isEqualTo(404);
            assertThat(owner.api().send("PATCH", prefix + "/v2/images/", "[]", Map.of("Content-Type",
                    Projects.JSON_PATCH)).status()).isEqualTo(404);
        }
        assertThat(owner.api().get("/v2/images").status()).isEqualTo(200);
    }
}
