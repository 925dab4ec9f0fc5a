package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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
import org.novalab.api.virsh.VirshRoutes;

/**
 * The real {@code openstack server add volume} / {@code server volume list} / {@code server remove volume} against
 * novalab, on the test driver with the emulated guest: an encrypted volume of a LUKS type goes in-use on a running
 * server, the guest's console shows the disk, the detach makes it available again and leaves no libvirt secret.
 */
@Tag("integration")
class VolumeAttachClientIT {
    @TempDir
    static Path state;
    static NovalabServer server;
    static OpenstackCli cli;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices());
        cli = new OpenstackCli(server.baseUrl(), state);
        api = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void an_encrypted_volume_is_added_listed_seen_by_the_guest_and_removed_with_the_openstack_client()
            throws Exception {
        cli.os("volume", "type", "create", "--encryption-provider", "luks", "--encryption-cipher", "aes-xts-plain64",
                "--encryption-key-size", "256", "--encryption-control-location", "front-end", "LUKS");
        String volumeId = cli.json("volume", "create", "--type", "LUKS", "--size", "1", "data", "-f", "json")
                .getString("id");
        await("volume", "data", "available");
        String serverId = cli.json("server", "create", "--image", TestServers.CIRROS, "--flavor", "m1.tiny",
                "--network", "none", "--wait", "vm", "-f", "json").getString("id");

        JsonObject added = cli.json("--os-compute-api-version", "2.79", "server", "add", "volume",
                "--tag", "data", "vm", "data", "-f", "json");
        assertThat(added.getString("Device")).isEqualTo("/dev/vdb");
        assertThat(added.getString("Volume ID")).isEqualTo(volumeId);
        assertThat(added.getString("Tag")).isEqualTo("data");
        await("volume", "data", "in-use");

        List<JsonObject> listed = cli.rows("--os-compute-api-version", "2.89", "server", "volume", "list", "vm",
                "-f", "json");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).getString("Device")).isEqualTo("/dev/vdb");
        assertThat(listed.get(0).getString("Volume ID")).isEqualTo(volumeId);
        assertThat(listed.get(0).getString("Attachment ID")).isNotBlank();
        JsonObject shown = cli.json("volume", "show", "data", "-f", "json");
        assertThat(shown.encode()).contains(serverId).contains("/dev/vdb");

        String console = cli.os("console", "log", "show", "vm");
        assertThat(console).contains("novalab: the guest sees disk vdb (serial " + volumeId + "): 1073741824 bytes");
        String secretsWhileAttached = api.get(VirshRoutes.PREFIX + "/secrets").body();

        cli.os("server", "remove", "volume", "vm", "data");
        await("volume", "data", "available");
        assertThat(cli.rows("server", "volume", "list", "vm", "-f", "json")).isEmpty();
        server.awaitIdle();
        assertThat(cli.os("console", "log", "show", "vm")).contains("novalab: the guest lost disk vdb");
        String secretsAfter = api.get(VirshRoutes.PREFIX + "/secrets").body();
        assertThat(secretsWhileAttached).contains(volumeId);
        assertThat(secretsAfter).as("the detach leaves no libvirt secret of the volume").doesNotContain(volumeId);

        cli.os("volume", "delete", "data");
        for (int i = 0; i < 200 && cli.rows("volume", "list", "-f", "json").size() > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(cli.rows("volume", "list", "-f", "json")).isEmpty();
    }

    private static void await(String kind, String name, String status) throws Exception {
        String now = null;
        for (int i = 0; i < 200; i++) {
            now = cli.json(kind, "show", name, "-f", "json").getString("status");
            if (now.equals(status)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(kind + " " + name + " is " + now + ", never " + status);
    }
}
