package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.config.EffectiveConfig;
import org.novalab.api.config.ServerConfigs;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.storage.ceph.PrivateCeph;
import org.novalab.storage.cli.RadosCommand;

/**
 * Glance's rbd store on a real Ceph cluster (a private one, scripts/ceph): a server configured with glance_store's
 * names stores an upload as the RBD image {@code images/<id>} with a protected snapshot {@code snap}, the real
 * {@code rados} shows its objects as the seed does, {@code novalab rados -c} prints the same listing, the location
 * is {@code rbd://<fsid>/images/<id>/snap}, and a delete is refused while a clone exists.
 */
@Tag("integration")
class GlanceRbdStoreIT {
    /** The seed's image size: four 8 MiB objects and one of 7571968 bytes. */
    private static final int SEED_SIZE = 41126400;
    @TempDir
    static Path dir;
    private static PrivateCeph ceph;
    private static NovalabServer server;
    private static Api admin;

    @BeforeAll
    static void start() throws Exception {
        ceph = PrivateCeph.start(dir.resolve("ceph"), "images vms");
        Path conf = dir.resolve("novalab.conf");
        Files.writeString(conf, String.join("\n",
                "[DEFAULT]", "state_path = " + dir.resolve("state"), "osapi_compute_listen_port = 0",
                "show_image_direct_url = true",
                "[glance_store]", "stores = rbd", "default_store = rbd", "rbd_store_pool = images",
                "rbd_store_user = admin", "rbd_store_ceph_conf = " + ceph.conf(), "rbd_store_chunk_size = 8", ""));
        EffectiveConfig effective = EffectiveConfig.load(new EffectiveConfig.Inputs(List.of(conf), List.of(), Map.of(),
                Map.of()));
        ServerConfig config = ServerConfigs.from(effective, Map.of())
                .withAdminPassword(TestServers.ADMIN_PASSWORD).withHost(TestServers.HOST);
        server = TestServers.start(config, new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (ceph != null) {
            ceph.close();
        }
    }

    private static byte[] seedSizedImage() {
        byte[] data = new byte[SEED_SIZE];
        new Random(13).nextBytes(data);
        return data;
    }

    @Test
    void an_upload_is_an_rbd_image_with_the_seeds_objects_that_real_rados_and_novalab_rados_both_list()
            throws Exception {
        byte[] data = seedSizedImage();
        String id = TestServers.uploadImage(admin, "seed-sized", "raw", data, Map.of());

        String rbdInfo = ceph.tool("rbd", "info", "--format", "json", "images/" + id);
        String imageId = new io.vertx.core.json.JsonObject(rbdInfo).getString("id");
        List<String> real = ceph.tool("rados", "-p", "images", "ls").lines().sorted().toList();
        List<String> mine = real.stream().filter(o -> o.contains(imageId) || o.equals("rbd_id." + id)).toList();
        assertThat(mine).containsExactly(
                "rbd_data." + imageId + ".0000000000000000", "rbd_data." + imageId + ".0000000000000001",
                "rbd_data." + imageId + ".0000000000000002", "rbd_data." + imageId + ".0000000000000003",
                "rbd_data." + imageId + ".0000000000000004", "rbd_header." + imageId, "rbd_id." + id);
        assertThat(real).contains("rbd_directory");
        assertThat(ceph.tool("rados", "-p", "images", "stat", "rbd_data." + imageId + ".0000000000000004"))
                .contains("size 7571968");
        assertThat(ceph.tool("rados", "-p", "images", "stat", "rbd_data." + imageId + ".0000000000000000"))
                .contains("size 8388608");
        assertThat(ceph.tool("rbd", "snap", "ls", "--format", "json", "images/" + id))
                .contains("\"name\":\"snap\"").contains("\"protected\":\"true\"");

        assertThat(novalabRados("-c", ceph.conf().toString(), "-p", "images", "ls").lines().sorted().toList())
                .isEqualTo(real);

        String fsid = ceph.tool("ceph", "fsid").strip();
        assertThat(admin.get("/v2/images/" + id).json().getString("direct_url"))
                .isEqualTo("rbd://" + fsid + "/images/" + id + "/snap");
        assertThat(Arrays.equals(admin.getBytes("/v2/images/" + id + "/file").body(), data)).isTrue();
    }

    @Test
    void a_delete_is_refused_while_a_clone_of_the_snapshot_exists_and_then_removes_everything() throws Exception {
        String id = TestServers.uploadImage(admin, "cloned", "raw", Arrays.copyOf(seedSizedImage(), 9_000_000),
                Map.of());
        String imageId = new io.vertx.core.json.JsonObject(ceph.tool("rbd", "info", "--format", "json",
                "images/" + id)).getString("id");
        ceph.tool("rbd", "clone", "images/" + id + "@snap", "vms/" + id + "_disk");

        assertThat(admin.delete("/v2/images/" + id).status()).isEqualTo(409);
        assertThat(ceph.tool("rbd", "ls", "images").lines()).contains(id);
        assertThat(admin.get("/v2/images/" + id).json().getString("status")).isEqualTo("active");

        ceph.tool("rbd", "rm", "vms/" + id + "_disk");
        assertThat(admin.delete("/v2/images/" + id).status()).isEqualTo(204);

        assertThat(ceph.tool("rbd", "ls", "images").lines()).doesNotContain(id);
        assertThat(ceph.tool("rados", "-p", "images", "ls").lines())
                .noneMatch(o -> o.contains(imageId) || o.equals("rbd_id." + id));
    }

    private static String novalabRados(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 1];
        full[0] = "rados";
        System.arraycopy(args, 0, full, 1, args.length);
        int rc = new Cli(List.of(), List.of(new RadosCommand())).run(full, new Console(new PrintStream(out, true),
                new PrintStream(err, true), new ByteArrayInputStream(new byte[0])));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
