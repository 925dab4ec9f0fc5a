package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.config.EffectiveConfig;
import org.novalab.api.config.ServerConfigs;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.fixture.FixtureGuest;
import org.novalab.storage.ceph.PrivateCeph;
import org.novalab.testing.RealTools;

/**
 * Nova's Rbd backend on a real Ceph cluster (a private one, scripts/ceph), configured with Nova's and Glance's
 * names: Glance keeps the image in {@code images}, a server booted from a new volume gets {@code vms/<uuid>_disk}
 * cloned from the image's protected snapshot (nothing downloaded), the domain names the cluster's monitor and the
 * ceph secret, the real {@code qemu-img} reads the disk through librbd, a LUKS flavor puts LUKS on the RBD image
 * itself, and deleting the servers leaves the pool empty.
 */
@Tag("integration")
class RbdRootOnCephIT {
    @TempDir
    static Path dir;
    private static PrivateCeph ceph;
    private static NovalabServer server;
    private static Api admin;
    private static Path state;

    @BeforeAll
    static void start() throws Exception {
        ceph = PrivateCeph.start(dir.resolve("ceph"), "images vms");
        state = dir.resolve("state");
        Path conf = dir.resolve("novalab.conf");
        Files.writeString(conf, String.join("\n",
                "[DEFAULT]", "state_path = " + state, "osapi_compute_listen_port = 0", "show_image_direct_url = true",
                "[glance_store]", "stores = rbd", "default_store = rbd", "rbd_store_pool = images",
                "rbd_store_user = admin", "rbd_store_ceph_conf = " + ceph.conf(), "rbd_store_chunk_size = 8",
                "[libvirt]", "images_type = rbd", "images_rbd_pool = vms", "images_rbd_ceph_conf = " + ceph.conf(),
                "rbd_user = admin", ""));
        EffectiveConfig effective = EffectiveConfig.load(new EffectiveConfig.Inputs(List.of(conf), List.of(), Map.of(),
                Map.of()));
        ServerConfig config = ServerConfigs.from(effective, Map.of())
                .withAdminPassword(TestServers.ADMIN_PASSWORD).withHost(TestServers.HOST);
        server = NovalabServer.start(config, new LibvirtComputeServices());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (ceph != null) {
                ceph.close();
            }
        }
    }

    private static JsonObject bootFromNewVolume(String name, String flavor) {
        return new JsonObject().put("server", new JsonObject().put("name", name).put("flavorRef", flavor)
                .put("networks", "none").put("block_device_mapping_v2", new JsonArray().add(new JsonObject()
                        .put("boot_index", 0).put("uuid", TestServers.CIRROS).put("source_type", "image")
                        .put("destination_type", "volume").put("volume_size", 1).put("delete_on_termination", true))));
    }

    private static String boot(String name, String flavor) throws InterruptedException {
        Api.Response created = admin.send("POST", "/v2.1/servers", bootFromNewVolume(name, flavor).encode(),
                Map.of("OpenStack-API-Version", "compute 2.79"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }

    private static String console(String id) {
        return admin.post("/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}").json()
                .getString("output");
    }

    /** What the real qemu-img says about an RBD image, reached through librbd with the cluster's conf and key. */
    private static JsonObject qemuImgInfo(String image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(RealTools.require("qemu-img", "qemu-utils").toString(), "info",
                "--output=json", "rbd:" + image + ":conf=" + ceph.conf() + ":id=admin").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new JsonObject(out);
    }

    @Test
    void a_raw_image_is_cloned_into_vms_and_a_luks_flavor_puts_luks_on_the_rbd_image_then_delete_leaves_nothing()
            throws Exception {
        String banner = FixtureGuest.BANNER.lines().findFirst().orElseThrow();

        // plain: Nova's direct clone of images/<id>@snap, resized to the volume's 1 GiB
        String plain = boot("on-ceph", "1");
        JsonObject info = new JsonObject(ceph.tool("rbd", "info", "--format", "json", "vms/" + plain + "_disk"));
        assertThat(info.getLong("size")).isEqualTo(1L << 30);
        assertThat(info.getJsonObject("parent")).as("cloned, not imported").isNotNull();
        assertThat(info.getJsonObject("parent").getString("pool")).isEqualTo("images");
        assertThat(info.getJsonObject("parent").getString("image")).isEqualTo(TestServers.CIRROS);
        assertThat(info.getJsonObject("parent").getString("snapshot")).isEqualTo("snap");
        String xml = Files.readString(state.resolve(plain).resolve("libvirt.xml"));
        assertThat(xml).contains("name=\"vms/" + plain + "_disk\" protocol=\"rbd\"", "<host name=\"",
                "<auth username=\"admin\">", "<secret type=\"ceph\" uuid=\"").doesNotContain("<encryption");
        assertThat(qemuImgInfo("vms/" + plain + "_disk").getString("format")).isEqualTo("raw");
        assertThat(console(plain)).contains(banner);

        // m1.tiny.luks: LUKS directly on the RBD image, written from the image's bytes (a clone cannot be encrypted)
        String sealed = boot("sealed-on-ceph", "101");
        JsonObject sealedInfo = new JsonObject(ceph.tool("rbd", "info", "--format", "json",
                "vms/" + sealed + "_disk"));
        assertThat(sealedInfo.getJsonObject("parent")).isNull();
        assertThat(qemuImgInfo("vms/" + sealed + "_disk").getString("format")).isEqualTo("luks");
        String sealedXml = Files.readString(state.resolve(sealed).resolve("libvirt.xml"));
        assertThat(sealedXml).contains("name=\"vms/" + sealed + "_disk\" protocol=\"rbd\"",
                "<encryption format=\"luks\">", "<auth username=\"admin\">");
        assertThat(console(sealed)).contains(banner);

        for (String each : List.of(plain, sealed)) {
            assertThat(admin.delete("/v2.1/servers/" + each).status()).isEqualTo(204);
            admin.awaitGone(each);
        }
        assertThat(ceph.tool("rbd", "ls", "vms").strip()).as("no RBD image left in vms").isEmpty();
        assertThat(ceph.tool("rbd", "ls", "images").lines()).contains(TestServers.CIRROS);
    }
}
