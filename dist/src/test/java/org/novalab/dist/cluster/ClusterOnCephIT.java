package org.novalab.dist.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.dist.cluster.ClusterScriptIT.exports;
import static org.novalab.dist.cluster.ClusterScriptIT.run;
import static org.novalab.dist.cluster.ClusterScriptIT.secretOf;
import static org.novalab.dist.cluster.ClusterScriptIT.secrets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.ImageService;

/**
 * A small cloud on a real Ceph cluster (scripts/ceph, then scripts/cluster up with Nova's and Glance's rbd options
 * for the api and both computes): a LUKS server booted from a volume has its disk as LUKS on {@code
 * vms/<uuid>_disk}, shared by the two hosts; {@code openstack server migrate --live-migration} moves it without
 * copying the disk, the destination defining the disk's libvirt secret before the guest runs (beside the ceph
 * secret every host has), the source keeping only its ceph secret; the delete on its new host leaves the pool empty.
 */
@Tag("integration")
class ClusterOnCephIT {
    static final Path CEPH = Path.of("../scripts/ceph").toAbsolutePath().normalize();
    @TempDir
    Path tmp;

    @Test
    void a_luks_server_on_rbd_live_migrates_without_its_disk_and_its_secret_moves_with_it() throws Exception {
        Map<String, String> env = ClusterScriptIT.launcherIn(tmp);
        Path ceph = tmp.resolve("ceph");
        Path dir = tmp.resolve("cloud");
        ClusterScriptIT.Run started = run(tmp, Map.of(), CEPH, "start", ceph.toString());
        assertThat(started.exit()).as("scripts/ceph start:%n%s", started.err()).isZero();
        try {
            String conf = started.out().lines().filter(l -> l.startsWith("CEPH_CONF=")).findFirst().orElseThrow()
                    .substring("CEPH_CONF=".length());
            Path options = Files.writeString(tmp.resolve("rbd.conf"), String.join("\n",
                    "[glance_store]", "stores = rbd", "default_store = rbd", "rbd_store_pool = images",
                    "rbd_store_user = admin", "rbd_store_ceph_conf = " + conf, "rbd_store_chunk_size = 8",
                    "[libvirt]", "images_type = rbd", "images_rbd_pool = vms", "images_rbd_ceph_conf = " + conf,
                    "rbd_user = admin", ""));
            ClusterScriptIT.Run up = run(tmp, env, ClusterScriptIT.SCRIPT, "up", dir.toString(), "--computes", "2",
                    "--config", options.toString());
            assertThat(up.exit()).as("scripts/cluster up:%n%s", up.err()).isZero();
            Map<String, String> exports = exports(up.out());
            String base = exports.get("OS_AUTH_URL").replaceFirst("/identity/v3$", "");
            OpenstackCli cli = new OpenstackCli(base, tmp, exports.get("OS_USERNAME"), exports.get("OS_PASSWORD"),
                    exports.get("OS_PROJECT_NAME"));
            liveMigrateOnRbd(cli, base, dir, conf);
        } finally {
            run(tmp, env, ClusterScriptIT.SCRIPT, "down", dir.toString());
            run(tmp, Map.of(), CEPH, "stop", ceph.toString());
        }
    }

    private static void liveMigrateOnRbd(OpenstackCli cli, String base, Path dir, String conf) throws Exception {
        String flavor = cli.json("flavor", "show", "m1.tiny.luks", "-f", "json").getString("id");
        // the Debian client cannot boot from a new volume without a network; the API can
        CloudRequests api = CloudRequests.of(cli, base);
        String id = api.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "on-ceph").put("flavorRef", flavor).put("networks", "none")
                .put("block_device_mapping_v2", new JsonArray().add(new JsonObject().put("boot_index", 0)
                        .put("uuid", ImageService.FIXTURE_ID).put("source_type", "image")
                        .put("destination_type", "volume").put("volume_size", 1)))), 202)
                .getJsonObject("server").getString("id");
        ClusterScriptIT.awaitStatus(api, id, "ACTIVE");
        String from = cli.json("server", "show", id, "-f", "json").getString("OS-EXT-SRV-ATTR:host");
        String to = from.equals("compute-1") ? "compute-2" : "compute-1";
        String secret = secretOf(dir, from, id);
        assertThat(rbd(conf, "ls", "vms")).as("the disk is an RBD image").containsExactly(id + "_disk");
        String disk = "rbd:vms/" + id + "_disk:conf=" + conf;
        assertThat(String.join("\n", tool("qemu-img", "info", "--output=json", disk)))
                .as("LUKS on the RBD image itself, as the real qemu-img reads it through librbd")
                .contains("\"format\": \"luks\"");

        cli.os("server", "migrate", "--live-migration", "--wait", id);
        JsonObject moved = cli.json("server", "show", id, "-f", "json");
        assertThat(moved.getString("status")).isEqualTo("ACTIVE");
        assertThat(moved.getString("OS-EXT-SRV-ATTR:host")).isEqualTo(to);
        Path domain;
        try (Stream<Path> files = Files.walk(dir.resolve(to))) {
            domain = files.filter(f -> f.endsWith(Path.of(id, "libvirt.xml"))).findFirst().orElseThrow();
        }
        assertThat(Files.readString(domain)).as("the same LUKS network disk, with the cluster's monitor and auth")
                .contains("protocol=\"rbd\"", "vms/" + id + "_disk", "<encryption format=\"luks\">",
                        "type=\"ceph\"", "<host name=\"127.0.0.1\"");
        assertThat(secrets(cli, base, to)).as("the destination defined the disk's secret").contains(secret);
        assertThat(secrets(cli, base, from)).as("the source keeps only its ceph secret").doesNotContain(secret)
                .contains("\"usage\":\"ceph client.admin secret\"");
        assertThat(cli.os("console", "log", "show", id)).as("the guest opened its LUKS disk on the destination")
                .contains(FixtureGuest.BANNER.strip());
        assertThat(rbd(conf, "ls", "vms")).as("nothing copied in the pool").containsExactly(id + "_disk");

        cli.os("server", "delete", "--wait", id);
        assertThat(rbd(conf, "ls", "vms")).as("the delete on its new host leaves the pool empty").isEmpty();
        assertThat(secrets(cli, base, to)).doesNotContain(secret);
    }

    /** Ceph's own {@code rbd} client on the cluster: its output lines. */
    private static List<String> rbd(String conf, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("rbd", "-c", conf));
        command.addAll(List.of(args));
        return tool(command.toArray(String[]::new));
    }

    /** A real tool's output lines; it must succeed. */
    private static List<String> tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
