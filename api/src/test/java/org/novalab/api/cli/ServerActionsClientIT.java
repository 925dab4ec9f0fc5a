package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.novalab.api.testing.Users;
import org.novalab.fixture.FixtureGuest;

/**
 * The real {@code openstack} client's server actions on an encrypted (LUKS) server, against a real novalab (compute
 * driver on test:///default with emulated boot): each verb must succeed, and the state the API reports must be what
 * the instance directory and the domain show.
 */
@Tag("integration")
class ServerActionsClientIT {
    private static final Pattern SECRET_UUID = Pattern.compile("<secret type=\"passphrase\" uuid=\"([0-9a-f-]{36})\"");
    private static final String BANNER = FixtureGuest.BANNER.lines().findFirst().orElseThrow();

    @TempDir
    static Path state;
    static NovalabServer server;
    static OpenstackCli cli;
    static OpenstackCli member;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices());
        cli = new OpenstackCli(server.baseUrl(), state);
        api = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(api);
        users.user("mia", users.projectId("demo"), "member");
        member = cli.as("mia", "pw-mia", "demo");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String secretOf(Path instanceDir) throws Exception {
        Matcher m = SECRET_UUID.matcher(Files.readString(instanceDir.resolve("libvirt.xml")));
        assertThat(m.find()).as("libvirt.xml names the disk's secret").isTrue();
        return m.group(1);
    }

    @Test
    void a_luks_server_is_paused_suspended_locked_rebuilt_and_rebooted_with_its_disk_encrypted_throughout()
            throws Exception {
        String id = member.json("server", "create", "--image", "cirros-x86_64", "--flavor", "m1.tiny.luks",
                "--network", "none", "--wait", "enc", "-f", "json").getString("id");
        Path dir = state.resolve(id);
        String firstSecret = secretOf(dir);

        member.os("server", "pause", "enc");
        assertThat(api.awaitStatus(id, "PAUSED").getInteger("OS-EXT-STS:power_state")).isEqualTo(3);
        member.os("server", "unpause", "enc");
        assertThat(api.awaitStatus(id, "ACTIVE").getInteger("OS-EXT-STS:power_state")).isEqualTo(1);
        member.os("server", "suspend", "enc");
        assertThat(api.awaitStatus(id, "SUSPENDED").getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
        member.os("server", "resume", "enc");
        assertThat(api.awaitStatus(id, "ACTIVE").getString("OS-EXT-STS:vm_state")).isEqualTo("active");
        assertThat(secretOf(dir)).as("pause and suspend keep the disk's secret").isEqualTo(firstSecret);

        cli.os("server", "lock", "--reason", "backup window", "enc");
        JsonObject locked = cli.json("server", "show", "enc", "-f", "json");
        assertThat(locked.getValue("locked")).isIn(true, "True");
        assertThat(locked.getString("locked_reason")).isEqualTo("backup window");
        OpenstackCli.Result refused = member.run("server", "stop", "enc");
        assertThat(refused.exitCode()).as("a member cannot stop a server an admin locked").isNotZero();
        assertThat(refused.stderr()).contains("locked");
        assertThat(api.awaitStatus(id, "ACTIVE")).isNotNull();
        cli.os("server", "unlock", "enc");

        member.os("server", "rebuild", "--image", "cirros-x86_64", "--wait", "enc");
        JsonObject rebuilt = api.awaitStatus(id, "ACTIVE");
        assertThat(rebuilt.getString("OS-EXT-STS:vm_state")).isEqualTo("active");
        assertThat(Files.readString(dir.resolve("libvirt.xml"))).contains("<encryption format=\"luks\">");
        assertThat(secretOf(dir)).as("a rebuilt disk has a fresh passphrase, so a new secret").isNotEqualTo(firstSecret);
        assertThat(Files.readString(dir.resolve("console.log"))).contains(BANNER);

        member.os("server", "reboot", "--hard", "--wait", "enc");
        assertThat(api.awaitStatus(id, "ACTIVE").getInteger("OS-EXT-STS:power_state")).isEqualTo(1);

        member.os("server", "delete", "--wait", "enc");
        assertThat(dir).doesNotExist();
    }
}
