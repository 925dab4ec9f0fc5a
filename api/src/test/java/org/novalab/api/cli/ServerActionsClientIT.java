package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.novalab.testing.RealTools;

/**
 * The real {@code openstack} client's server actions on an encrypted (LUKS) server, against a real novalab (compute
 * driver on test:///default with emulated boot): each verb must succeed, and the state the API reports must be what
 * the instance directory and the domain show.
 */
@Tag("integration")
class ServerActionsClientIT {
    private static final Pattern SECRET_UUID = Pattern.compile(
            "<secret type=[\"']passphrase[\"'] uuid=[\"']([0-9a-f-]{36})[\"']");
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

    /** {@code qemu-img info --output=json} of an image, by the real qemu-img (it reads the header without the key). */
    private static JsonObject qemuImgInfo(Path image) throws Exception {
        Process p = new ProcessBuilder(List.of(RealTools.require("qemu-img", "qemu-utils").toString(), "info",
                "--output=json", image.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new JsonObject(out);
    }

    @Test
    void a_luks_server_is_resized_reverted_snapshotted_rescued_and_shelved_keeping_its_disk_encrypted()
            throws Exception {
        cli.os("flavor", "create", "--vcpus", "2", "--ram", "1024", "--disk", "25", "m1.wide");
        String id = member.json("server", "create", "--image", "cirros-x86_64", "--flavor", "m1.tiny.luks",
                "--network", "none", "--wait", "vault", "-f", "json").getString("id");
        Path dir = state.resolve(id);
        String secret = secretOf(dir);

        member.os("server", "resize", "--flavor", "m1.small", "--wait", "vault");
        JsonObject resized = api.awaitStatus(id, "VERIFY_RESIZE");
        assertThat(resized.getJsonObject("flavor").getString("id")).as("m1.small").isEqualTo("2");
        assertThat(state.resolve(id + "_resize")).as("the old disk waits for the confirm").isDirectory();
        JsonObject disk = qemuImgInfo(dir.resolve("disk"));
        assertThat(disk.getLong("virtual-size")).isEqualTo(20L << 30);
        assertThat(disk.getBoolean("encrypted")).isTrue();
        assertThat(disk.getJsonObject("format-specific").getJsonObject("data").getJsonObject("encrypt")
                .getString("format")).isEqualTo("luks");
        assertThat(secretOf(dir)).as("a resize keeps the disk's passphrase and secret").isEqualTo(secret);
        member.os("server", "resize", "confirm", "vault");
        assertThat(api.awaitStatus(id, "ACTIVE").getJsonObject("flavor").getString("id")).isEqualTo("2");
        assertThat(state.resolve(id + "_resize")).doesNotExist();

        member.os("server", "resize", "--flavor", "m1.wide", "--wait", "vault");
        api.awaitStatus(id, "VERIFY_RESIZE");
        assertThat(qemuImgInfo(dir.resolve("disk")).getLong("virtual-size")).isEqualTo(25L << 30);
        assertThat(Files.readString(dir.resolve("libvirt.xml"))).contains("<vcpu>2</vcpu>");
        member.os("server", "resize", "revert", "vault");
        JsonObject reverted = api.awaitStatus(id, "ACTIVE");
        assertThat(reverted.getJsonObject("flavor").getString("id")).as("back to m1.small").isEqualTo("2");
        assertThat(Files.readString(dir.resolve("libvirt.xml"))).contains("<vcpu>1</vcpu>");
        assertThat(qemuImgInfo(dir.resolve("disk")).getLong("virtual-size")).as("the old disk is back")
                .isEqualTo(20L << 30);
        assertThat(secretOf(dir)).isEqualTo(secret);

        JsonObject image = member.json("server", "image", "create", "--name", "vault-snap", "--wait", "vault", "-f",
                "json");
        JsonObject snapshot = api.get("/v2/images/" + image.getString("id")).json();
        assertThat(snapshot.getString("status")).isEqualTo("active");
        assertThat(snapshot.getString("os_encrypt_format")).as("a snapshot of a LUKS disk stays encrypted")
                .isEqualTo("luks");
        assertThat(snapshot.getString("os_encrypt_key_id")).isNotBlank();
        assertThat(snapshot.getString("instance_uuid")).isEqualTo(id);
        assertThat(api.awaitStatus(id, "ACTIVE").getString("OS-EXT-STS:task_state")).isNull();

        member.os("server", "rescue", "vault");
        api.awaitStatus(id, "RESCUE");
        String rescueXml = Files.readString(dir.resolve("libvirt.xml"));
        assertThat(rescueXml).contains("disk.rescue").containsPattern("<encryption format=[\"']luks[\"']>");
        assertThat(dir.resolve("unrescue.xml")).exists();
        member.os("server", "unrescue", "vault");
        api.awaitStatus(id, "ACTIVE");
        assertThat(Files.readString(dir.resolve("libvirt.xml"))).doesNotContain("disk.rescue");
        assertThat(dir.resolve("disk.rescue")).doesNotExist();
        assertThat(secretOf(dir)).as("unrescue keeps the disk's key").isEqualTo(secret);

        member.os("server", "shelve", "vault");
        JsonObject offloaded = api.awaitStatus(id, "SHELVED_OFFLOADED");
        assertThat(offloaded.getValue("OS-EXT-SRV-ATTR:host")).isNull();
        assertThat(dir).as("an offloaded server keeps no disk on the host").doesNotExist();
        member.os("server", "unshelve", "vault");
        api.awaitStatus(id, "ACTIVE");
        assertThat(qemuImgInfo(dir.resolve("disk")).getBoolean("encrypted")).isTrue();
        assertThat(Files.readString(dir.resolve("libvirt.xml"))).containsPattern("<encryption format=[\"']luks[\"']>");
        assertThat(Files.readString(dir.resolve("console.log"))).contains(BANNER);
        assertThat(member.rows("image", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .as("unshelve removes the shelve image").doesNotContain("vault-shelved");

        member.os("image", "delete", "vault-snap");
        member.os("server", "delete", "--wait", "vault");
        assertThat(dir).doesNotExist();
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
