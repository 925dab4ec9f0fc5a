package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.image.Projects.image;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.image.Projects.Tenant;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Glance's interoperable import with glance-direct: stage the data, then import it; the discovery calls. */
class ImageImportApiTest {
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
        owner = Projects.tenant(admin, server.baseUrl(), "importer", "member");
        other = Projects.tenant(admin, server.baseUrl(), "bystander", "member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Api.Response stage(Api who, String id, byte[] data) {
        return who.sendBytes("PUT", "/image/v2/images/" + id + "/stage", HttpRequest.BodyPublishers.ofByteArray(data),
                Map.of("Content-Type", "application/octet-stream"));
    }

    private static Api.Response importIt(Api who, String id, String body) {
        return who.post("/v2/images/" + id + "/import", body);
    }

    private static JsonObject awaitStatus(Api who, String id, String status) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonObject image = who.get("/v2/images/" + id).json();
            if (image.getString("status").equals(status)) {
                return image;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("image " + id + " never became " + status);
    }

    @Test
    void glance_direct_stages_the_data_then_imports_it_into_an_active_image() throws Exception {
        JsonObject methods = owner.api().get("/v2/info/import").json().getJsonObject("import-methods");
        assertThat(methods.getJsonArray("value")).containsExactly("glance-direct");
        Api.Response stores = owner.api().get("/v2/info/stores");
        assertThat(stores.status()).isEqualTo(404);
        assertThat(stores.json().getString("message")).isEqualTo("Multi backend is not supported at this site.");

        Api.Response created = owner.api().post("/v2/images", new JsonObject().put("name", "imported")
                .put("disk_format", "raw").put("container_format", "bare"));
        assertThat(created.header("OpenStack-image-import-methods")).isEqualTo("glance-direct");
        String id = created.json().getString("id");
        byte[] data = new byte[6 << 20];
        new Random(3).nextBytes(data);

        assertThat(stage(owner.api(), id, data).status()).isEqualTo(204);
        JsonObject staged = owner.api().get("/v2/images/" + id).json();
        assertThat(staged.getString("status")).isEqualTo("uploading");
        assertThat(staged.getValue("checksum")).isNull();
        assertThat(owner.api().getBytes("/v2/images/" + id + "/file").statusCode()).as("no data yet").isEqualTo(204);

        assertThat(importIt(other.api(), id, "{\"method\": {\"name\": \"glance-direct\"}}").status()).isEqualTo(404);
        Api.Response accepted = importIt(owner.api(), id, "{\"method\": {\"name\": \"glance-direct\"}}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonObject active = awaitStatus(owner.api(), id, "active");
        assertThat(active.getLong("size")).isEqualTo(data.length);
        assertThat(active.getString("checksum"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
        assertThat(owner.api().getBytes("/v2/images/" + id + "/file").body()).isEqualTo(data);
        assertThat(importIt(owner.api(), id, "{\"method\": {\"name\": \"glance-direct\"}}").json()
                .getString("message")).isEqualTo("Image with status active cannot be target for import");
    }

    @Test
    void an_import_needs_staged_data_a_known_method_and_formats() {
        String id = image(owner.api(), new JsonObject().put("name", "unstaged"));
        Api.Response early = importIt(owner.api(), id, "{\"method\": {\"name\": \"glance-direct\"}}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().getString("message")).isEqualTo("Image needs to be staged before 'glance-direct' "
                + "method can be used");
        Map<String, String> refusals = Map.of(
                "{}", "Import request requires a 'method' field.",
                "{\"method\": {}}", "Import request requires a 'name' field.",
                "{\"method\": {\"name\": \"web-download\"}}", "Unknown import method name 'web-download'.",
                "{\"method\": {\"name\": \"glance-direct\"}, \"all_stores\": \"yes\"}",
                "'all_stores' must be boolean value only");
        refusals.forEach((body, message) -> {
            Api.Response r = importIt(owner.api(), id, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().getString("message")).isEqualTo(message);
        });

        String formatless = owner.api().post("/v2/images", new JsonObject().put("name", "formatless")).json()
                .getString("id");
        assertThat(stage(owner.api(), formatless, new byte[512]).status()).isEqualTo(204);
        Api.Response noFormat = importIt(owner.api(), formatless, "{\"method\": {\"name\": \"glance-direct\"}}");
        assertThat(noFormat.status()).isEqualTo(409);
        assertThat(noFormat.json().getString("message")).isEqualTo("'container_format' needs to be set before import");
        assertThat(owner.api().get("/v2/images/" + formatless).json().getString("status")).isEqualTo("uploading");
        assertThat(stage(owner.api(), formatless, new byte[512]).status()).as("staged already").isEqualTo(409);
        assertThat(Projects.upload(owner.api(), formatless, new byte[512]).status()).isEqualTo(409);
        assertThat(owner.api().delete("/v2/images/" + formatless).status()).isEqualTo(204);
    }

    @Test
    void only_the_owner_stages_data() {
        String id = image(admin, new JsonObject().put("name", "public-target").put("visibility", "public"));
        assertThat(stage(other.api(), id, new byte[16]).status()).isEqualTo(403);
        assertThat(admin.get("/v2/images/" + id).json().getString("status")).isEqualTo("queued");
        Api.Response wrongType = owner.api().sendBytes("PUT", "/v2/images/" + id + "/stage",
                HttpRequest.BodyPublishers.ofByteArray(new byte[16]), Map.of("Content-Type", "application/json"));
        assertThat(wrongType.status()).isEqualTo(415);
    }
}
