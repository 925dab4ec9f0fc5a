package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.image.ImageService;
import org.novalab.storage.Cluster;
import org.novalab.storage.directory.DirectoryCluster;

class ImageApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String createImage(String name) {
        Api.Response r = admin.post("/v2/images", new JsonObject().put("name", name).put("disk_format", "raw")
                .put("container_format", "bare").put("owner_specified.openstack.md5", "x"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonObject image = r.json();
        assertThat(image.getString("status")).isEqualTo("queued");
        assertThat(image.getString("owner_specified.openstack.md5")).as("extra property at top level").isEqualTo("x");
        return image.getString("id");
    }

    @Test
    void an_image_is_created_uploaded_in_a_stream_and_downloaded_with_its_md5() throws Exception {
        String id = createImage("blob");
        byte[] data = new byte[24 << 20];
        new Random(7).nextBytes(data);
        Api.Response put = admin.sendBytes("PUT", "/image/v2/images/" + id + "/file",
                HttpRequest.BodyPublishers.ofByteArray(data), Map.of("Content-Type", "application/octet-stream"));
        assertThat(put.status()).as(put.body()).isEqualTo(204);

        JsonObject image = admin.get("/v2/images/" + id).json();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        assertThat(image.getString("status")).isEqualTo("active");
        assertThat(image.getLong("size")).isEqualTo(data.length);
        assertThat(image.getString("checksum")).isEqualTo(md5);
        assertThat(image.getString("os_hash_algo")).isEqualTo("sha512");

        HttpResponse<byte[]> download = admin.getBytes("/v2/images/" + id + "/file");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-MD5")).hasValue(md5);
        assertThat(download.body()).isEqualTo(data);

        // A refused upload is answered even while the client is still sending a large body.
        Api.Response again = admin.sendBytes("PUT", "/v2/images/" + id + "/file",
                HttpRequest.BodyPublishers.ofByteArray(new byte[16 << 20]), Map.of("Content-Type", "application/octet-stream"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().getString("message")).contains("active");
    }

    @Test
    void an_upload_cut_short_by_the_client_leaves_the_image_queued_with_no_data() throws Exception {
        String id = createImage("cut-short");
        java.net.URI base = java.net.URI.create(server.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            var out = socket.getOutputStream();
            out.write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nX-Auth-Token: " + admin.token() + "\r\nContent-Type: application/octet-stream"
                    + "\r\nContent-Length: " + (32 << 20) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(new byte[3 << 20]);
            out.flush();
        }
        // The broken upload ends with the image back in queued (not stuck in saving, not killed): a client may
        // simply upload again; while the server is still noticing the cut, it answers 409.
        Api.Response retry = null;
        for (int i = 0; i < 100; i++) {
            retry = admin.sendBytes("PUT", "/v2/images/" + id + "/file",
                    HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20]), Map.of("Content-Type", "application/octet-stream"));
            if (retry.status() != 409) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(retry.status()).as(retry.body()).isEqualTo(204);
        assertThat(admin.get("/v2/images/" + id).json().getLong("size")).isEqualTo(1 << 20);
    }

    @Test
    void a_download_cut_short_by_the_client_leaves_the_image_whole_for_the_next_one() throws Exception {
        String id = createImage("cut-download");
        byte[] data = new byte[12 << 20];
        new Random(11).nextBytes(data);
        assertThat(admin.sendBytes("PUT", "/v2/images/" + id + "/file", HttpRequest.BodyPublishers.ofByteArray(data),
                Map.of("Content-Type", "application/octet-stream")).status()).isEqualTo(204);
        java.net.URI base = java.net.URI.create(server.baseUrl());
        for (int i = 0; i < 3; i++) {
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.getOutputStream().write(("GET /v2/images/" + id + "/file HTTP/1.1\r\nHost: "
                        + base.getAuthority() + "\r\nX-Auth-Token: " + admin.token() + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getInputStream().readNBytes(1 << 20);
            }
        }

        HttpResponse<byte[]> download = admin.getBytes("/v2/images/" + id + "/file");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(data);
    }

    @Test
    void a_patch_renames_and_sets_properties_and_read_only_fields_are_refused() {
        String id = createImage("before");
        String patch = new JsonArray()
                .add(new JsonObject().put("op", "replace").put("path", "/name").put("value", "after"))
                .add(new JsonObject().put("op", "add").put("path", "/hw_disk_bus").put("value", "virtio")).encode();
        Api.Response r = admin.send("PATCH", "/v2/images/" + id, patch,
                Map.of("Content-Type", "application/openstack-images-v2.1-json-patch"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getString("name")).isEqualTo("after");
        assertThat(r.json().getString("hw_disk_bus")).isEqualTo("virtio");

        String readOnly = new JsonArray().add(new JsonObject().put("op", "replace").put("path", "/status")
                .put("value", "active")).encode();
        Api.Response refused = admin.send("PATCH", "/v2/images/" + id, readOnly,
                Map.of("Content-Type", "application/openstack-images-v2.1-json-patch"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("title")).isEqualTo("Forbidden");
    }

    private Api.Response patch(String id, String body) {
        return admin.send("PATCH", "/v2/images/" + id, body,
                Map.of("Content-Type", "application/openstack-images-v2.1-json-patch"));
    }

    /** Glance reads a JSON patch strictly: each malformed operation is a 400 (or 403) naming what is wrong. */
    @Test
    void a_malformed_patch_is_refused_the_way_glance_refuses_it_and_changes_nothing() {
        String id = createImage("patched");
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("[{\"op\": \"replace\", \"path\": \"/hw_disk_bus\"}]",
                "400 Operation \"replace\" requires a member named \"value\".");
        refusals.put("[{\"op\": \"add\", \"path\": \"/name\"}]",
                "400 Operation \"add\" requires a member named \"value\".");
        refusals.put("[{\"op\": \"add\", \"path\": \"/hw_disk_bus\", \"value\": null}]", "400 hw_disk_bus");
        refusals.put("[{\"op\": \"add\", \"path\": \"/hw_disk_bus\", \"value\": 5}]", "400 hw_disk_bus");
        refusals.put("[{\"path\": \"/name\", \"value\": \"x\"}]", "400 Unable to find `op` in JSON Schema change");
        refusals.put("[{\"op\": \"move\", \"path\": \"/name\", \"value\": \"x\"}]", "400 Invalid operation: `move`");
        refusals.put("[{\"op\": \"replace\", \"value\": \"x\"}]", "400 Unable to find 'path' in JSON Schema change");
        refusals.put("[{\"op\": \"replace\", \"path\": 7, \"value\": \"x\"}]", "400 path");
        refusals.put("[{\"op\": \"replace\", \"path\": \"name\", \"value\": \"x\"}]", "400 does not start with \"/\"");
        refusals.put("[{\"op\": \"replace\", \"path\": \"/name/first\", \"value\": \"x\"}]",
                "400 Invalid JSON pointer for this resource: '/name/first'");
        refusals.put("[{\"op\": \"replace\", \"path\": \"/a~2b\", \"value\": \"x\"}]", "400 recognized escape sequence");
        refusals.put("[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"" + "n".repeat(256) + "\"}]",
                "400 name");
        refusals.put("[{\"op\": \"add\", \"path\": \"/hw_disk_bus\", \"value\": \"" + "v".repeat(70000) + "\"}]",
                "400 hw_disk_bus");
        refusals.put("[{\"op\": \"add\", \"path\": \"/" + "k".repeat(256) + "\", \"value\": \"v\"}]", "400 255");
        refusals.put("[{\"op\": \"add\", \"path\": \"/deleted\", \"value\": \"x\"}]", "403 Attribute 'deleted' is reserved.");
        refusals.put("[{\"op\": \"add\", \"path\": \"/os_glance_x\", \"value\": \"x\"}]",
                "403 Attribute 'os_glance_x' is reserved.");
        refusals.put("{\"op\": \"replace\"}", "400 Request body must be a JSON array of operation objects.");
        refusals.put("[\"replace\"]", "400 Operations must be JSON objects.");
        refusals.put("", "400 Body expected in request.");
        refusals.forEach((body, expected) -> {
            Api.Response r = patch(id, body);
            String shown = body.length() > 100 ? body.substring(0, 100) + "..." : body;
            assertThat(r.status()).as("%s: %s", shown, r.body()).isEqualTo(Integer.parseInt(expected.substring(0, 3)));
            assertThat(r.json().getInteger("code")).isEqualTo(r.status());
            assertThat(r.json().getString("message")).as(shown).contains(expected.substring(4));
        });
        JsonObject unchanged = admin.get("/v2/images/" + id).json();
        assertThat(unchanged.getString("name")).isEqualTo("patched");
        assertThat(unchanged.containsKey("hw_disk_bus")).isFalse();

        Api.Response missingProperty = patch(id, "[{\"op\": \"replace\", \"path\": \"/hw_cdrom_bus\", \"value\": \"ide\"}]");
        assertThat(missingProperty.status()).isEqualTo(409);
        assertThat(missingProperty.json().getString("message")).isEqualTo("Property hw_cdrom_bus does not exist.");
        assertThat(patch(id, "[{\"op\": \"remove\", \"path\": \"/hw_cdrom_bus\"}]").status()).isEqualTo(409);
        assertThat(patch(id, "[{\"op\": \"remove\", \"path\": \"/name\"}]").json().getString("message"))
                .isEqualTo("Property name may not be removed.");
        Api.Response addThenReplace = patch(id, "[{\"op\": \"add\", \"path\": \"/hw_cdrom_bus\", \"value\": \"ide\"},"
                + " {\"op\": \"replace\", \"path\": \"/hw_cdrom_bus\", \"value\": \"sata\"}]");
        assertThat(addThenReplace.json().getString("hw_cdrom_bus")).isEqualTo("sata");
        assertThat(admin.send("PATCH", "/v2/images/" + id, "[{\"add\": \"/hw_cdrom_bus\", \"value\": \"ide\"}]",
                Map.of("Content-Type", "application/openstack-images-v2.0-json-patch")).status())
                .as("draft 4 adds no property that is there").isEqualTo(409);
        Api.Response wrongType = admin.send("PATCH", "/v2/images/" + id, "[]", Map.of("Content-Type", "application/json"));
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.header("Accept-Patch")).isEqualTo(
                "application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch");
        // draft 4, Glance's older patch dialect: the operation is the member's name
        Api.Response draft4 = admin.send("PATCH", "/v2/images/" + id, "[{\"replace\": \"/name\", \"value\": \"v20\"}]",
                Map.of("Content-Type", "application/openstack-images-v2.0-json-patch"));
        assertThat(draft4.status()).as(draft4.body()).isEqualTo(200);
        assertThat(draft4.json().getString("name")).isEqualTo("v20");
    }

    @Test
    void lists_filter_by_name_and_page_with_next_links() {
        for (int i = 0; i < 3; i++) {
            createImage("paged");
        }
        JsonObject first = admin.get("/v2/images?name=paged&limit=2").json();
        assertThat(first.getJsonArray("images")).hasSize(2);
        JsonObject second = admin.get(first.getString("next").replace("/v2/images?", "/v2/images?name=paged&")).json();
        assertThat(second.getJsonArray("images")).hasSize(1);
        assertThat(second.containsKey("next")).isFalse();
        assertThat(admin.get("/v2/images?marker=nope").status()).isEqualTo(400);
    }

    @Test
    void bad_input_and_missing_images_get_glance_shaped_errors() {
        Api.Response badFormat = admin.post("/v2/images", new JsonObject().put("name", "x").put("disk_format", "exe"));
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.json().getString("message")).contains("disk_format");
        assertThat(admin.post("/v2/images", "{broken").status()).isEqualTo(400);
        Api.Response missing = admin.get("/v2/images/4b1d5a8e-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().getInteger("code")).isEqualTo(404);
        String id = createImage("doomed");
        assertThat(admin.delete("/v2/images/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/v2/images/" + id).status()).isEqualTo(404);
    }

    @Test
    void the_image_endpoint_answers_version_discovery_and_schemas() {
        Api.Response versions = Api.anonymous(server.baseUrl()).get("/image");
        assertThat(versions.status()).isEqualTo(300);
        assertThat(versions.json().getJsonArray("versions").getJsonObject(0).getString("status")).isEqualTo("CURRENT");
        assertThat(admin.get("/v2/schemas/image").json().getJsonObject("properties").containsKey("os_hash_value")).isTrue();
        assertThat(admin.get("/v2/schemas/images").json().getString("name")).isEqualTo("images");
    }

    /** Glance's rbd store: a clone of the image's snapshot (a Nova volume) makes the image "in use", 409. */
    @Test
    void an_image_with_a_clone_of_its_snapshot_cannot_be_deleted_until_the_clone_is_gone() {
        String id = TestServers.uploadImage(admin, "parent", "raw", new byte[] {1, 2, 3}, Map.of());
        Cluster pools = DirectoryCluster.open(state.resolve("pool"));
        pools.openPool("images").clone(id, ImageService.SNAPSHOT, pools.createPool("vms"), "instance_disk");

        Api.Response refused = admin.delete("/v2/images/" + id);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("in use").contains("in pool 'vms'");
        assertThat(admin.get("/v2/images/" + id).json().getString("status")).isEqualTo("active");
        pools.openPool("vms").remove("instance_disk");
        assertThat(admin.delete("/v2/images/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/v2/images/" + id).status()).isEqualTo(404);
    }
}
