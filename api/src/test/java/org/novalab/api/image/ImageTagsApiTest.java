package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.image.Projects.ids;
import static org.novalab.api.image.Projects.image;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

/** Glance's image tags: a set of strings per image, set on create, by PATCH or one by one, and a list filter. */
class ImageTagsApiTest {
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
        owner = Projects.tenant(admin, server.baseUrl(), "tagger", "member");
        other = Projects.tenant(admin, server.baseUrl(), "onlooker", "member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonArray tags(Api who, String id) {
        return who.get("/v2/images/" + id).json().getJsonArray("tags");
    }

    @Test
    void tags_are_set_on_create_added_and_removed_one_by_one_and_survive_a_restart() throws Exception {
        String id = image(owner.api(), new JsonObject().put("name", "tagged")
                .put("tags", new JsonArray().add("x86").add("64bit").add("x86")));
        assertThat(tags(owner.api(), id)).containsExactlyInAnyOrder("x86", "64bit");

        assertThat(owner.api().send("PUT", "/v2/images/" + id + "/tags/ssd", null, Map.of()).status()).isEqualTo(204);
        assertThat(owner.api().send("PUT", "/v2/images/" + id + "/tags/ssd", null, Map.of()).status()).isEqualTo(204);
        assertThat(owner.api().delete("/v2/images/" + id + "/tags/x86").status()).isEqualTo(204);
        assertThat(tags(owner.api(), id)).containsExactlyInAnyOrder("64bit", "ssd");
        Api.Response missing = owner.api().delete("/v2/images/" + id + "/tags/x86");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().getInteger("code")).isEqualTo(404);

        server.close();
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        owner = new Tenant(owner.projectId(), Api.login(server.baseUrl(), "tagger-user", "pw-tagger", "tagger"));
        other = new Tenant(other.projectId(), Api.login(server.baseUrl(), "onlooker-user", "pw-onlooker", "onlooker"));
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        assertThat(tags(owner.api(), id)).containsExactlyInAnyOrder("64bit", "ssd");
    }

    @Test
    void a_patch_replaces_the_tags_and_a_tag_filter_lists_images_with_every_tag() {
        String both = image(owner.api(), new JsonObject().put("name", "both"));
        String one = image(owner.api(), new JsonObject().put("name", "one").put("tags", new JsonArray().add("red")));
        Api.Response patched = Projects.patch(owner.api(), both, new JsonArray().add(new JsonObject()
                .put("op", "replace").put("path", "/tags").put("value", new JsonArray().add("red").add("blue"))));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().getJsonArray("tags")).containsExactlyInAnyOrder("red", "blue");

        assertThat(ids(owner.api(), "/v2/images?tag=red")).containsExactlyInAnyOrder(both, one);
        assertThat(ids(owner.api(), "/v2/images?tag=red&tag=blue")).containsExactly(both);
        assertThat(ids(owner.api(), "/v2/images?tag=green")).isEmpty();

        Api.Response removeAll = Projects.patch(owner.api(), both, new JsonArray().add(new JsonObject()
                .put("op", "remove").put("path", "/tags")));
        assertThat(removeAll.status()).isEqualTo(403);
        assertThat(removeAll.json().getString("message")).isEqualTo("Property tags may not be removed.");
        Api.Response cleared = Projects.patch(owner.api(), both, new JsonArray().add(new JsonObject()
                .put("op", "replace").put("path", "/tags").put("value", new JsonArray())));
        assertThat(cleared.json().getJsonArray("tags")).isEmpty();
    }

    @Test
    void another_projects_tags_are_out_of_reach_and_bad_tags_change_nothing() {
        String id = image(owner.api(), new JsonObject().put("name", "guarded").put("visibility", "private")
                .put("tags", new JsonArray().add("keep")));
        assertThat(other.api().send("PUT", "/v2/images/" + id + "/tags/mine", null, Map.of()).status())
                .isEqualTo(404);
        String publicImage = image(admin, new JsonObject().put("name", "public-tagged").put("visibility", "public"));
        Api.Response refused = other.api().send("PUT", "/v2/images/" + publicImage + "/tags/mine", null, Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("message")).isEqualTo("Not allowed to update tags for image "
                + publicImage + ".");
        assertThat(other.api().delete("/v2/images/" + publicImage + "/tags/mine").status()).isEqualTo(403);

        assertThat(owner.api().send("PUT", "/v2/images/" + id + "/tags/" + "t".repeat(256), null, Map.of())
                .status()).isEqualTo(400);
        Api.Response notStrings = owner.api().post("/v2/images", new JsonObject().put("name", "n")
                .put("tags", new JsonArray().add(5)));
        assertThat(notStrings.status()).isEqualTo(400);
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 129; i++) {
            tooMany.add("tag-" + i);
        }
        Api.Response over = Projects.patch(owner.api(), id, new JsonArray().add(new JsonObject().put("op", "replace")
                .put("path", "/tags").put("value", tooMany)));
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.json().getString("message")).contains("Image tag limit exceeded");
        assertThat(tags(owner.api(), id)).containsExactly("keep");
    }
}
