package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.TestServers;
import org.novalab.image.ImageService;
import org.novalab.imagecache.ImageCache;

/** With {@code [image_cache] subdirectory_name = cache}, the classroom's directory tree shows the cache there. */
class ClassroomCacheDirectoryTest {
    @TempDir
    Path state;

    @Test
    void the_tree_shows_the_configured_cache_directory_with_the_base_in_it() throws Exception {
        Path node = Files.writeString(state.resolve("test-node.xml"), "<node/>\n");
        ServerConfig.HostSettings d = ServerConfig.HostSettings.DEFAULTS;
        ServerConfig config = TestServers.config(state).withHypervisorUri("test://" + node)
                .withHostSettings(new ServerConfig.HostSettings(d.listenAddress(), d.forceRawImages(), "cache",
                        d.luksKeyBits(), d.ephemeralEncryption(), d.glanceNumRetries(),
                        d.offeredEncryption()));
        try (NovalabServer server = NovalabServer.start(config, new LibvirtComputeServices())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "c")
                    .put("imageRef", ImageService.FIXTURE_ID).put("flavorRef", LabServer.LUKS_FLAVOR))).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");

            Api.Response r = admin.get("/novalab/v1/classroom/instances/" + id);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String tree = r.json().getString("tree");
            assertThat(tree).contains("── cache", ImageCache.baseName(ImageService.FIXTURE_ID)).doesNotContain("_base");
            assertThat(state.resolve("cache").resolve(ImageCache.baseName(ImageService.FIXTURE_ID))).isRegularFile();
        }
    }
}
