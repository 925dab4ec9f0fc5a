package org.novalab.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.novalab.api.compute.ComputeBackend;
import org.novalab.api.server.Backends;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.image.ImageService;

/** Starts a novalab server on a free port over a temp state dir, with a given compute driver. */
public final class TestServers {
    public static final String ADMIN_PASSWORD = "s3cret-admin";
    /** The image every fresh server holds (imagecache's bootstrap). */
    public static final String CIRROS = ImageService.FIXTURE_ID;

    private TestServers() {
    }

    public static ServerConfig config(Path state) {
        return ServerConfig.embedded(state, 0).withAdminPassword(ADMIN_PASSWORD);
    }

    public static NovalabServer start(ServerConfig config, ComputeBackend compute) throws Exception {
        Backends backends = (cfg, db, images, metrics) -> new Backends.Running() {
            @Override
            public ComputeBackend compute() {
                return compute;
            }

            @Override
            public void close() {
            }
        };
        return NovalabServer.start(config, backends);
    }

    /** Creates and uploads an image through the Glance API; returns its id. */
    public static String uploadImage(Api api, String name, String diskFormat, byte[] data, Map<String, String> properties) {
        JsonObject body = new JsonObject().put("name", name).put("disk_format", diskFormat)
                .put("container_format", "bare").put("visibility", "public");
        properties.forEach(body::put);
        Api.Response created = api.post("/v2/images", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");
        Api.Response put = api.sendBytes("PUT", "/v2/images/" + id + "/file", HttpRequest.BodyPublishers.ofByteArray(data),
                Map.of("Content-Type", "application/octet-stream"));
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        return id;
    }
}
