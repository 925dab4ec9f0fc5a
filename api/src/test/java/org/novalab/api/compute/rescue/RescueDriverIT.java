package org.novalab.api.compute.rescue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.fixture.FixtureGuest;

/**
 * The real driver under the API: an encrypted server is rescued (the rescue guest boots disk.rescue and opens the
 * LUKS root disk with its secret), stays rescued across a restart, is unrescued onto its own disk, and its delete
 * leaves nothing; changePassword answers as Nova's libvirt driver does for a guest without a QEMU agent.
 */
@Tag("integration")
class RescueDriverIT {
    @TempDir
    Path state;

    @Test
    void an_encrypted_server_is_rescued_stays_rescued_across_a_restart_and_is_unrescued() throws Exception {
        String id;
        try (NovalabServer first = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = create(admin, TestServers.CIRROS);
            String before = Files.readString(state.resolve(id).resolve("libvirt.xml"));

            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"rescue\": null}").status()).isEqualTo(200);
            JsonObject vm = admin.awaitStatus(id, "RESCUE", "ERROR");
            assertThat(vm.getString("status")).as(vm.encode()).isEqualTo("RESCUE");
            assertThat(vm.getInteger("OS-EXT-STS:power_state")).isEqualTo(1);
            Path dir = state.resolve(id);
            assertThat(dir.resolve("disk.rescue")).exists();
            String xml = Files.readString(dir.resolve("libvirt.xml"));
            // the rescue disk first, the root disk (with its encryption) after it
            assertThat(xml).containsPattern("(?s)disk\\.rescue.*/disk[\"'].*<encryption format=[\"']luks");
            assertThat(Files.readString(dir.resolve("unrescue.xml"))).containsPattern("<encryption format=[\"']luks")
                    .doesNotContain("disk.rescue");
            assertThat(before).containsPattern("<encryption format=[\"']luks");
            // the rescue guest booted: the fixture's banner printed a second time, from disk.rescue
            String banner = FixtureGuest.BANNER.lines().findFirst().orElseThrow();
            String console = admin.post("/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}").json()
                    .getString("output");
            assertThat(console.split(banner, -1)).hasSize(3);
        }

        try (NovalabServer second = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                    .isEqualTo("RESCUE");
            assertThat(Files.readString(state.resolve(id).resolve("libvirt.xml"))).contains("disk.rescue");

            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"unrescue\": null}").status()).isEqualTo(202);
            assertThat(admin.awaitStatus(id, "ACTIVE", "ERROR").getString("status")).isEqualTo("ACTIVE");
            assertThat(state.resolve(id).resolve("disk.rescue")).doesNotExist();
            assertThat(state.resolve(id).resolve("unrescue.xml")).doesNotExist();
            assertThat(Files.readString(state.resolve(id).resolve("libvirt.xml"), StandardCharsets.UTF_8))
                    .doesNotContain("disk.rescue").containsPattern("<encryption format=[\"']luks");

            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"rescue\": null}").status()).isEqualTo(200);
            admin.awaitStatus(id, "RESCUE");
            assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
            admin.awaitGone(id);
        }
        assertThat(state.resolve(id)).doesNotExist();
        DatabaseConfig db = EmbeddedDatabase.open(state);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM passphrases")) {
            rows.next();
            assertThat(rows.getInt(1)).as("no passphrase left").isZero();
        }
    }

    @Test
    void change_password_is_novas_409_without_the_agent_property_and_its_501_for_a_guest_running_no_agent()
            throws Exception {
        try (NovalabServer server = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String plain = create(admin, TestServers.CIRROS);
            Api.Response r = admin.post("/v2.1/servers/" + plain + "/action",
                    "{\"changePassword\": {\"adminPass\": \"Newpass1234\"}}");
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().getJsonObject("conflictingRequest").getString("message"))
                    .isEqualTo("QEMU guest agent is not enabled");

            String image = TestServers.uploadImage(admin, "with-agent", "raw", new byte[1 << 20],
                    Map.of("hw_qemu_guest_agent", "yes"));
            String agent = create(admin, image);
            Api.Response a = admin.post("/v2.1/servers/" + agent + "/action",
                    "{\"changePassword\": {\"adminPass\": \"Newpass1234\"}}");
            assertThat(a.status()).isEqualTo(501);
            assertThat(a.json().getJsonObject("notImplemented").getString("message"))
                    .isEqualTo("Unable to set password on instance");
            assertThat(admin.get("/v2.1/servers/" + agent).json().getJsonObject("server")
                    .getValue("OS-EXT-STS:task_state")).isNull();
        }
    }

    private static String create(Api admin, String image) throws InterruptedException {
        String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "r")
                .put("imageRef", image).put("flavorRef", "101").put("networks", "none")))
                .json().getJsonObject("server").getString("id");
        assertThat(admin.awaitStatus(id, "ACTIVE", "ERROR").getString("status")).isEqualTo("ACTIVE");
        return id;
    }
}
