package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.JCommander;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.fixture.FixtureGuest;
import org.novalab.imagecache.ImageCache;
import org.novalab.testing.RealTools;

/**
 * {@code novalab serve --config-file novalab.conf} and nothing else: the state dir, port, admin password, cache
 * directory, {@code force_raw_images = false} and the ephemeral encryption policy all come from the file, and the
 * real {@code qemu-img} reads what that made: a qcow2 base, and an overlay over it with {@code backing_fmt=qcow2},
 * encrypted by the policy with the configured key size.
 */
@Tag("integration")
class ServeFromConfigFileIT {
    @TempDir
    Path tmp;

    private static JsonObject qemuImgInfo(Path image) throws Exception {
        Process p = new ProcessBuilder(List.of(RealTools.require("qemu-img", "qemu-utils").toString(), "info",
                "--output=json", image.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new JsonObject(out);
    }

    @Test
    void a_server_started_from_a_config_file_only_keeps_qcow2_bases_and_encrypts_by_policy() throws Exception {
        Path state = tmp.resolve("state");
        Path node = Files.writeString(tmp.resolve("test-node.xml"), "<node/>\n");
        Path conf = Files.writeString(tmp.resolve("novalab.conf"), """
                [DEFAULT]
                state_path = %s
                osapi_compute_listen = 127.0.0.1
                osapi_compute_listen_port = 0
                host = config-host
                force_raw_images = false

                [image_cache]
                subdirectory_name = cache

                [libvirt]
                connection_uri = test://%s

                [ephemeral_storage_encryption]
                enabled = true
                key_size = 256

                [keystone]
                admin_password = from-the-file
                """.formatted(state, node));
        ServeCommand serve = new ServeCommand(new LibvirtComputeServices(), Map.of());
        JCommander.newBuilder().addObject(serve).build().parse("--config-file", conf.toString());
        ServerConfig config = serve.config();
        assertThat(state).as("nothing made before the server starts").doesNotExist();

        Path raw = tmp.resolve("guest.raw");
        FixtureGuest.write(raw);
        Path qcow2 = tmp.resolve("guest.qcow2");
        Disks.java().convert(raw, ImageFormat.RAW, KeyLookup.NONE, qcow2, CreateOptions.qcow2(FixtureGuest.SIZE));

        try (NovalabServer server = NovalabServer.start(config, new LibvirtComputeServices())) {
            assertThat(server.port()).isPositive();
            assertThat(state).isDirectory();
            Api admin = Api.login(server.baseUrl(), "admin", "from-the-file", "demo");
            String image = TestServers.uploadImage(admin, "guest-qcow2", "qcow2", Files.readAllBytes(qcow2), Map.of());
            // m1.tiny asks for no encryption and says nothing: the policy (enabled = true) encrypts it, with LUKS
            String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                    .put("name", "from-conf").put("imageRef", image).put("flavorRef", "1").put("networks", "none")))
                    .json().getJsonObject("server").getString("id");
            JsonObject active = admin.awaitStatus(id, "ACTIVE", "ERROR");
            assertThat(active.getString("status")).as(active.encodePrettily()).isEqualTo("ACTIVE");
            assertThat(active.getString("OS-EXT-SRV-ATTR:host")).isEqualTo("config-host");

            Path base = state.resolve("cache").resolve(ImageCache.baseName(image));
            assertThat(state.resolve("_base")).as("subdirectory_name = cache").doesNotExist();
            JsonObject baseInfo = qemuImgInfo(base);
            assertThat(baseInfo.getString("format")).as("force_raw_images = false: the base stays qcow2")
                    .isEqualTo("qcow2");
            assertThat(baseInfo.getLong("virtual-size")).isEqualTo(FixtureGuest.SIZE);

            JsonObject disk = qemuImgInfo(state.resolve(id).resolve("disk"));
            assertThat(disk.getString("format")).isEqualTo("qcow2");
            assertThat(disk.getString("backing-filename")).isEqualTo(base.toAbsolutePath().toString());
            assertThat(disk.getString("backing-filename-format")).isEqualTo("qcow2");
            assertThat(disk.getBoolean("encrypted")).isTrue();
            JsonObject encrypt = disk.getJsonObject("format-specific").getJsonObject("data").getJsonObject("encrypt");
            assertThat(encrypt.getString("format")).isEqualTo("luks");
            assertThat(encrypt.getString("cipher-alg")).as("key_size = 256: aes-128-xts").isEqualTo("aes-128");
            assertThat(Files.readString(state.resolve(id).resolve("console.log")))
                    .as("the guest booted through the qcow2 chain").contains("booted from disk");
        }
    }
}
