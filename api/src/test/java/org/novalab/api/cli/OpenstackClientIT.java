package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.api.testing.TestServers;
import org.novalab.fixture.FixtureGuest;

/**
 * The real {@code openstack} client (python3-openstackclient) against a real novalab: the image cache, the compute
 * driver on test:///default with emulated boot, encrypted disks. Every command must succeed and agree with the
 * state dir.
 */
@Tag("integration")
class OpenstackClientIT {
    @TempDir
    static Path state;
    static NovalabServer server;
    static OpenstackCli cli;
    static Path fixture;

    @BeforeAll
    static void start() throws Exception {
        server = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices());
        cli = new OpenstackCli(server.baseUrl(), state);
        fixture = state.resolve("cirros.raw");
        FixtureGuest.write(fixture);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String os(String... args) throws Exception {
        return cli.os(args);
    }

    private static JsonObject json(String... args) throws Exception {
        return cli.json(args);
    }

    private static List<JsonObject> rows(String... args) throws Exception {
        return cli.rows(args);
    }

    @Test
    void the_openstack_client_uploads_an_image_and_runs_plain_and_encrypted_servers_through_their_lifecycle()
            throws Exception {
        String imageId = json("image", "create", "--disk-format", "raw", "--container-format", "bare", "--file",
                fixture.toString(), "cirros", "-f", "json").getString("id");
        JsonObject cirros = rows("image", "list", "--long", "-f", "json").stream()
                .filter(r -> r.getString("ID").equals(imageId)).findFirst().orElseThrow();
        assertThat(cirros.getString("Status")).isEqualTo("active");
        assertThat(cirros.getLong("Size")).isEqualTo(FixtureGuest.SIZE);
        assertThat(state.resolve("pool/images/rbd_id." + imageId)).as("stored in the RBD-layout pool").exists();
        assertThat(rows("flavor", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .contains("m1.tiny", "m1.tiny.luks");

        JsonObject vm1 = json("server", "create", "--image", "cirros", "--flavor", "m1.tiny", "--network", "none",
                "--wait", "vm1", "-f", "json");
        JsonObject vm2 = json("server", "create", "--image", "cirros", "--flavor", "m1.tiny.luks", "--network",
                "none", "--wait", "vm2", "-f", "json");
        assertThat(vm1.getString("status")).isEqualTo("ACTIVE");
        assertThat(vm2.getString("status")).isEqualTo("ACTIVE");
        Path dir1 = state.resolve(vm1.getString("id"));
        Path dir2 = state.resolve(vm2.getString("id"));
        assertThat(dir1.resolve("disk")).exists();
        assertThat(state.resolve("_base")).isDirectoryContaining(p -> !p.getFileName().toString().endsWith(".part"));
        assertThat(Files.readString(dir1.resolve("libvirt.xml"))).doesNotContain("<encryption");
        assertThat(Files.readString(dir2.resolve("libvirt.xml"))).contains("<encryption format=\"luks\">");
        assertThat(dir2.resolve("secret.xml")).exists();

        assertThat(rows("server", "list", "-f", "json").stream().map(r -> r.getString("Name") + "=" + r.getString("Status")))
                .containsExactlyInAnyOrder("vm1=ACTIVE", "vm2=ACTIVE");
        JsonObject shown = json("server", "show", "vm1", "-f", "json");
        assertThat(Files.readString(dir1.resolve("libvirt.xml")))
                .contains("<name>" + shown.getString("OS-EXT-SRV-ATTR:instance_name") + "</name>");
        String banner = FixtureGuest.BANNER.lines().findFirst().orElseThrow();
        assertThat(os("console", "log", "show", "vm2")).contains(banner);
        assertThat(Files.readString(dir2.resolve("console.log"))).contains(banner);

        Api api = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        os("server", "stop", "vm1");
        assertThat(api.awaitStatus(vm1.getString("id"), "SHUTOFF").getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
        os("server", "start", "vm1");
        assertThat(api.awaitStatus(vm1.getString("id"), "ACTIVE").getInteger("OS-EXT-STS:power_state")).isEqualTo(1);

        os("server", "delete", "--wait", "vm1", "vm2");
        assertThat(dir1).doesNotExist();
        assertThat(dir2).doesNotExist();
        assertThat(api.get("/v2.1/servers").json().getJsonArray("servers")).isEmpty();

        String metrics = Api.anonymous(server.baseUrl()).get("/metrics").body();
        assertThat(metrics).contains("novalab_boots_total 2.0", "novalab_image_downloads_total 1.0",
                "novalab_image_cache_hits_total 1.0", "novalab_build_seconds_count 2");
    }
}
