package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.image.Projects.ids;
import static org.novalab.api.image.Projects.image;

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

/**
 * Glance's image sharing: the owner project offers a shared image to another project, which accepts or rejects
 * it; the image shows in the member's list once accepted (or when asked for by member_status), and only the owner
 * changes who the members are.
 */
class ImageMembersApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Tenant owner;
    static Tenant consumer;
    static Tenant stranger;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        owner = Projects.tenant(admin, server.baseUrl(), "owner", "member");
        consumer = Projects.tenant(admin, server.baseUrl(), "consumer", "member");
        stranger = Projects.tenant(admin, server.baseUrl(), "stranger", "member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String sharedImage(String name) {
        return image(owner.api(), new JsonObject().put("name", name).put("visibility", "shared"));
    }

    private static Api.Response share(Api who, String image, String project) {
        return who.post("/v2/images/" + image + "/members", new JsonObject().put("member", project));
    }

    private static Api.Response answer(Api who, String image, String project, String status) {
        return who.send("PUT", "/v2/images/" + image + "/members/" + project,
                new JsonObject().put("status", status).encode(), Map.of("Content-Type", "application/json"));
    }

    @Test
    void a_shared_image_is_offered_pending_and_listed_to_the_member_once_accepted() {
        String id = sharedImage("offered");

        Api.Response added = share(owner.api(), id, consumer.projectId());
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().getString("member_id")).isEqualTo(consumer.projectId());
        assertThat(added.json().getString("image_id")).isEqualTo(id);
        assertThat(added.json().getString("status")).isEqualTo("pending");
        assertThat(added.json().getString("schema")).isEqualTo("/v2/schemas/member");

        // pending: not in the member's default list, but there when asked for, and the image can be read
        assertThat(ids(consumer.api(), "/v2/images")).doesNotContain(id);
        assertThat(ids(consumer.api(), "/v2/images?member_status=pending&visibility=shared")).contains(id)
                .allMatch(i -> consumer.api().get("/v2/images/" + i).json().getString("visibility").equals("shared"));
        assertThat(consumer.api().get("/v2/images/" + id).status()).isEqualTo(200);
        assertThat(ids(stranger.api(), "/v2/images?member_status=all")).doesNotContain(id);
        assertThat(stranger.api().get("/v2/images/" + id).status()).isEqualTo(404);

        Api.Response accepted = answer(consumer.api(), id, consumer.projectId(), "accepted");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().getString("status")).isEqualTo("accepted");
        assertThat(ids(consumer.api(), "/v2/images")).contains(id);
        assertThat(ids(consumer.api(), "/v2/images?visibility=shared")).contains(id);
        assertThat(ids(consumer.api(), "/v2/images?member_status=pending")).doesNotContain(id);

        Api.Response members = owner.api().get("/v2/images/" + id + "/members");
        assertThat(members.json().getJsonArray("members")).hasSize(1);
        assertThat(members.json().getJsonArray("members").getJsonObject(0).getString("status")).isEqualTo("accepted");
        assertThat(members.json().getString("schema")).isEqualTo("/v2/schemas/members");
        assertThat(owner.api().get("/v2/images/" + id + "/members/" + consumer.projectId()).json()
                .getString("status")).isEqualTo("accepted");
    }

    @Test
    void a_rejected_image_leaves_the_default_list_and_the_member_may_change_its_mind() {
        String id = sharedImage("rejected");
        share(owner.api(), id, consumer.projectId());

        assertThat(answer(consumer.api(), id, consumer.projectId(), "rejected").status()).isEqualTo(200);
        assertThat(ids(consumer.api(), "/v2/images")).doesNotContain(id);
        assertThat(ids(consumer.api(), "/v2/images?member_status=rejected")).contains(id);

        assertThat(answer(consumer.api(), id, consumer.projectId(), "accepted").status()).isEqualTo(200);
        assertThat(ids(consumer.api(), "/v2/images")).contains(id);
    }

    @Test
    void only_the_member_answers_and_only_the_owner_adds_or_removes_members() {
        String id = sharedImage("policy");
        share(owner.api(), id, consumer.projectId());

        Api.Response ownerAccepts = answer(owner.api(), id, consumer.projectId(), "accepted");
        assertThat(ownerAccepts.status()).isEqualTo(403);
        assertThat(ownerAccepts.json().getString("message")).isEqualTo("Not allowed to update members for image "
                + id + ".");
        assertThat(share(consumer.api(), id, stranger.projectId()).status()).isEqualTo(403);
        assertThat(consumer.api().delete("/v2/images/" + id + "/members/" + consumer.projectId()).status())
                .isEqualTo(403);
        // a project the image is not shared with does not learn that it exists
        assertThat(share(stranger.api(), id, stranger.projectId()).status()).isEqualTo(404);
        assertThat(stranger.api().get("/v2/images/" + id + "/members").status()).isEqualTo(404);
        assertThat(answer(stranger.api(), id, consumer.projectId(), "accepted").status()).isEqualTo(404);

        // the member sees its own membership only; an admin may do what the owner does
        share(owner.api(), id, stranger.projectId());
        assertThat(consumer.api().get("/v2/images/" + id + "/members").json().getJsonArray("members")).hasSize(1);
        assertThat(consumer.api().get("/v2/images/" + id + "/members/" + stranger.projectId()).status())
                .isEqualTo(404);
        assertThat(admin.get("/v2/images/" + id + "/members").json().getJsonArray("members")).hasSize(2);
        assertThat(admin.delete("/v2/images/" + id + "/members/" + stranger.projectId()).status()).isEqualTo(204);

        assertThat(answer(consumer.api(), id, consumer.projectId(), "accepted").status()).isEqualTo(200);
        assertThat(owner.api().delete("/v2/images/" + id + "/members/" + consumer.projectId()).status())
                .isEqualTo(204);
        assertThat(ids(consumer.api(), "/v2/images?member_status=all")).doesNotContain(id);
        assertThat(consumer.api().get("/v2/images/" + id).status()).isEqualTo(404);
        assertThat(owner.api().get("/v2/images/" + id + "/members/" + consumer.projectId()).status())
                .isEqualTo(404);
    }

    @Test
    void only_shared_images_have_members() {
        String id = image(owner.api(), new JsonObject().put("name", "private").put("visibility", "private"));

        Api.Response refused = share(owner.api(), id, consumer.projectId());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("message")).isEqualTo("Not allowed to create members for image " + id
                + ".");
        assertThat(owner.api().get("/v2/images/" + id + "/members").json().getString("message"))
                .contains("Only shared images have members.");

        // members stay when the visibility changes, and count again once the image is shared again
        String shared = sharedImage("toggled");
        share(owner.api(), shared, consumer.projectId());
        answer(consumer.api(), shared, consumer.projectId(), "accepted");
        Projects.patch(owner.api(), shared, new io.vertx.core.json.JsonArray().add(new JsonObject().put("op",
                "replace").put("path", "/visibility").put("value", "private")));
        assertThat(consumer.api().get("/v2/images/" + shared).status()).isEqualTo(404);
        Projects.patch(owner.api(), shared, new io.vertx.core.json.JsonArray().add(new JsonObject().put("op",
                "replace").put("path", "/visibility").put("value", "shared")));
        assertThat(ids(consumer.api(), "/v2/images")).contains(shared);
    }

    @Test
    void bad_member_requests_get_glances_answers_and_change_nothing() {
        String id = sharedImage("bad");
        assertThat(share(owner.api(), id, consumer.projectId()).status()).isEqualTo(200);

        Api.Response duplicate = share(owner.api(), id, consumer.projectId());
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().getString("message")).isEqualTo("Member " + consumer.projectId()
                + " is duplicated for image " + id);
        Map<String, String> bodies = Map.of("{}", "Member to be added not specified",
                "{\"member\": \"\"}", "Member can't be empty",
                "{\"member\": 5}", "Expected a member in the form: {\"member\": \"image_id\"}",
                "", "Body expected in request.");
        bodies.forEach((body, message) -> {
            Api.Response r = owner.api().post("/v2/images/" + id + "/members", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().getString("message")).isEqualTo(message);
        });
        Api.Response badStatus = answer(consumer.api(), id, consumer.projectId(), "maybe");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().getString("message")).contains("Status must be");
        Api.Response noStatus = consumer.api().send("PUT", "/v2/images/" + id + "/members/" + consumer.projectId(),
                "{}", Map.of("Content-Type", "application/json"));
        assertThat(noStatus.json().getString("message")).isEqualTo("Status not specified");
        assertThat(owner.api().get("/v2/images/" + id + "/members").json().getJsonArray("members").getJsonObject(0)
                .getString("status")).isEqualTo("pending");
        assertThat(owner.api().get("/v2/images/" + id + "/members/nobody").status()).isEqualTo(404);
    }

    @Test
    void an_accepted_member_boots_the_shared_image_and_a_stranger_cannot() throws Exception {
        String id = sharedImage("bootable");
        assertThat(Projects.upload(owner.api(), id, new byte[4096]).status()).isEqualTo(204);
        share(owner.api(), id, consumer.projectId());
        answer(consumer.api(), id, consumer.projectId(), "accepted");

        Api.Response booted = consumer.api().post("/v2.1/servers", server("shared-vm", id));
        assertThat(booted.status()).as(booted.body()).isEqualTo(202);
        Api.Response refused = stranger.api().post("/v2.1/servers", server("stolen-vm", id));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("could not be found");
    }

    static JsonObject server(String name, String image) {
        return new JsonObject().put("server", new JsonObject().put("name", name).put("imageRef", image)
                .put("flavorRef", "1").put("networks", "none"));
    }

    @Test
    void the_member_schemas_are_glances() {
        JsonObject member = owner.api().get("/v2/schemas/member").json();
        assertThat(member.getString("name")).isEqualTo("member");
        assertThat(member.getJsonObject("properties").getJsonObject("status").getJsonArray("enum"))
                .containsExactly("pending", "accepted", "rejected");
        JsonObject members = owner.api().get("/v2/schemas/members").json();
        assertThat(members.getString("name")).isEqualTo("members");
        assertThat(members.getJsonObject("properties").getJsonObject("members").getJsonObject("items")
                .getString("name")).isEqualTo("member");
    }
}
