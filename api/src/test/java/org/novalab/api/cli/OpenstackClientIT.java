package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.fixture.FixtureGuest;
import org.novalab.testing.RealTools;

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
    static Path openstack;
    static Path fixture;

    @BeforeAll
    static void start() throws Exception {
        openstack = RealTools.require("openstack", "python3-openstackclient");
        server = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices());
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
        List<String> command = new ArrayList<>(List.of(openstack.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OS_"));
        env.put("OS_AUTH_URL", server.baseUrl() + "/identity/v3");
        env.put("OS_USERNAME", "admin");
        env.put("OS_PASSWORD", TestServers.ADMIN_PASSWORD);
        env.put("OS_PROJECT_NAME", "demo");
        env.put("OS_USER_DOMAIN_NAME", "Default");
        env.put("OS_PROJECT_DOMAIN_NAME", "Default");
        env.put("OS_IDENTITY_API_VERSION", "3");
        env.put("OS_COMPUTE_API_VERSION", "2.79");
        env.put("HOME", state.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("openstack %s%nstdout: %s%nstderr: %s", String.join(" ", args), stdout,
                new String(err, StandardCharsets.UTF_8)).isZero();
        return stdout;
    }

    private static JsonObject json(String... args) throws Exception {
        return new JsonObject(os(args));
    }

    private static List<JsonObject> rows(String... args) throws Exception {
        List<JsonObject> rows = new ArrayList<>();
        new JsonArray(os(args)).forEach(o -> rows.add((JsonObject) o));
        return rows;
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
