package org.novalab.api.compute.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/** Nova's image proxy ({@code /v2.1/images}, until 2.35) and {@code os-server-external-events}, as Nova answers. */
class ComputeProxyApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        users.user("ivy", users.project("iris"), "member");
        member = Api.login(server.baseUrl(), "ivy", "pw-ivy", "iris");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Api.Response call(Api who, String method, String path, Object body, String microversion) {
        return who.send(method, path, body == null ? null : body.toString(),
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    static JsonObject ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void the_image_proxy_shows_glances_images_in_novas_words_until_2_35() {
        JsonObject cirros = ok(call(member, "GET", "/v2.1/images/" + TestServers.CIRROS, null, "2.1"))
                .getJsonObject("image");
        assertThat(cirros.getMap()).containsEntry("id", TestServers.CIRROS).containsEntry("name", "cirros-x86_64")
                .containsEntry("status", "ACTIVE").containsEntry("progress", 100).containsEntry("minDisk", 0)
                .containsEntry("OS-EXT-IMG-SIZE:size", 41126400);
        assertThat(cirros.getJsonArray("links").stream().map(o -> ((JsonObject) o).getString("rel")))
                .containsExactly("self", "bookmark", "alternate");
        assertThat(ok(call(member, "GET", "/v2.1/images", null, "2.35")).getJsonArray("images").stream()
                .map(o -> ((JsonObject) o).getString("id"))).contains(TestServers.CIRROS);
        assertThat(ok(call(member, "GET", "/v2.1/images/detail?name=cirros-x86_64", null, "2.1")).getJsonArray("images"))
                .hasSize(1);
        assertThat(ok(call(member, "GET", "/v2.1/images/detail?name=nothing", null, "2.1")).getJsonArray("images"))
                .isEmpty();
        assertThat(call(member, "GET", "/v2.1/images", null, "2.36").status()).as("deprecated in 2.36").isEqualTo(404);
        assertThat(call(member, "GET", "/v2.1/images/" + TestServers.CIRROS, null, "2.36").status()).isEqualTo(404);
        assertThat(call(member, "GET", "/v2.1/images/" + java.util.UUID.randomUUID(), null, "2.1").status())
                .isEqualTo(404);
    }

    @Test
    void image_metadata_is_glances_custom_properties_and_only_the_owner_changes_them() {
        String mine = TestServers.uploadImage(admin, "meta-image", "raw", new byte[512], Map.of("os_distro", "cirros"));
        String m = "/v2.1/images/" + mine + "/metadata";
        assertThat(ok(call(member, "GET", m, null, "2.1")).getJsonObject("metadata").getString("os_distro"))
                .isEqualTo("cirros");
        assertThat(call(member, "POST", m, new JsonObject().put("metadata", new JsonObject().put("x", "1")), "2.1")
                .status()).isEqualTo(403);
        assertThat(ok(call(admin, "POST", m, new JsonObject().put("metadata", new JsonObject().put("hw_disk_bus",
                "virtio")), "2.1")).getJsonObject("metadata").getMap()).containsEntry("os_distro", "cirros")
                .containsEntry("hw_disk_bus", "virtio");
        assertThat(ok(call(admin, "PUT", m + "/hw_disk_bus", new JsonObject().put("meta", new JsonObject()
                .put("hw_disk_bus", "scsi")), "2.1")).getJsonObject("meta").getString("hw_disk_bus")).isEqualTo("scsi");
        assertThat(ok(call(admin, "GET", "/v2/images/" + mine, null, "2.1")).getString("hw_disk_bus"))
                .as("the very image Glance serves").isEqualTo("scsi");
        assertThat(ok(call(admin, "PUT", m, new JsonObject().put("metadata", new JsonObject().put("only", "one")),
                "2.1")).getJsonObject("metadata").getMap()).containsOnly(Map.entry("only", "one"));
        assertThat(call(admin, "DELETE", m + "/only", null, "2.1").status()).isEqualTo(204);
        assertThat(call(admin, "GET", m + "/only", null, "2.1").status()).isEqualTo(404);
        assertThat(call(member, "DELETE", "/v2.1/images/" + mine, null, "2.1").status()).isEqualTo(403);
        assertThat(call(admin, "DELETE", "/v2.1/images/" + mine, null, "2.1").status()).isEqualTo(204);
        assertThat(call(admin, "GET", "/v2/images/" + mine, null, "2.1").status()).isEqualTo(404);
    }

    @Test
    void external_events_are_answered_per_event_as_nova_does() throws Exception {
        Api.Response created = call(admin, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "evented").put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none")), "2.37");
        String id = created.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        Api.Response one = call(admin, "POST", "/v2.1/os-server-external-events", new JsonObject().put("events",
                new JsonArray().add(new JsonObject().put("name", "network-changed").put("server_uuid", id))), "2.1");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().getJsonArray("events").getJsonObject(0).getMap()).containsEntry("code", 200)
                .containsEntry("status", "completed").containsEntry("server_uuid", id);

        String unknown = java.util.UUID.randomUUID().toString();
        Api.Response mixed = call(admin, "POST", "/v2.1/os-server-external-events", new JsonObject().put("events",
                new JsonArray().add(new JsonObject().put("name", "network-vif-plugged").put("server_uuid", id))
                        .add(new JsonObject().put("name", "network-changed").put("server_uuid", unknown))
                        .add(new JsonObject().put("name", "power-update").put("server_uuid", id))), "2.76");
        assertThat(mixed.status()).isEqualTo(207);
        JsonArray events = mixed.json().getJsonArray("events");
        assertThat(events.getJsonObject(0).getInteger("code")).isEqualTo(200);
        assertThat(events.getJsonObject(1).getMap()).containsEntry("code", 404).containsEntry("status", "failed");
        assertThat(events.getJsonObject(2).getInteger("code")).as("power-update needs its tag").isEqualTo(400);
        assertThat(call(admin, "POST", "/v2.1/os-server-external-events", new JsonObject().put("events",
                new JsonArray().add(new JsonObject().put("name", "power-update").put("server_uuid", id))), "2.75")
                .body()).contains("is not one of");
        assertThat(call(member, "POST", "/v2.1/os-server-external-events", new JsonObject().put("events",
                new JsonArray().add(new JsonObject().put("name", "network-changed").put("server_uuid", id))), "2.1")
                .status()).isEqualTo(403);
    }
}
