package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.imagecache.ImageCache;

/**
 * {@code novalab serve} ages {@code _base} as Nova's image cache manager does: every {@code manager_interval}, a
 * base no instance disk uses and nobody used for {@code remove_unused_original_minimum_age_seconds} goes; the
 * base a running instance's overlay stands on stays; with {@code remove_unused_base_images} false nothing goes.
 */
class ImageCacheAgingTest {
    @TempDir
    Path state;

    private NovalabServer start(ServerConfig.CacheAging aging) throws Exception {
        Path node = Files.writeString(state.resolve("test-node.xml"), "<node/>\n");
        return NovalabServer.start(TestServers.config(state).withHypervisorUri("test://" + node).withCacheAging(aging),
                new LibvirtComputeServices());
    }

    private Path staleBase(String name) throws Exception {
        Path base = Files.createDirectories(state.resolve("_base")).resolve(name);
        Files.write(base, new byte[4096]);
        Files.setLastModifiedTime(base, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        return base;
    }

    @Test
    void an_unused_old_base_is_removed_and_the_base_an_instance_uses_stays() throws Exception {
        Path unused = staleBase("0123456789abcdef0123456789abcdef01234567");
        try (NovalabServer server = start(new ServerConfig.CacheAging(true, Duration.ofHours(1), Duration.ofSeconds(1)))) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "keeps")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
            Path used = state.resolve("_base").resolve(ImageCache.baseName(TestServers.CIRROS));
            Files.setLastModifiedTime(used, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Files.exists(unused) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(unused).as("unused for two days, minimum age one hour").doesNotExist();
            assertThat(used).as("the base of a running instance's overlay").exists();
        }
    }

    @Test
    void with_remove_unused_base_images_false_every_base_stays() throws Exception {
        Path unused = staleBase("89abcdef0123456789abcdef0123456789abcdef");
        try (NovalabServer server = start(new ServerConfig.CacheAging(false, Duration.ZERO, Duration.ofSeconds(1)))) {
            Thread.sleep(2500);
            assertThat(unused).exists();
        }
    }

    @Test
    void what_a_killed_fetch_left_in_base_is_gone_when_the_server_starts_even_with_aging_off() throws Exception {
        Path part = staleBase("0123456789abcdef0123456789abcdef01234567.part");
        Files.setLastModifiedTime(part, FileTime.from(Instant.now()));
        Path kept = staleBase("89abcdef0123456789abcdef0123456789abcdef");
        try (NovalabServer server = start(new ServerConfig.CacheAging(false, Duration.ZERO, Duration.ofSeconds(1)))) {
            assertThat(part).as("a part file of a fetch no live process holds the lock of").doesNotExist();
            assertThat(kept).exists();
        }
    }
}
