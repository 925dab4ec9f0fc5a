package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.fixture.FixtureGuest;

/**
 * The real driver across a restart: an encrypted server's passphrase lives only as ciphertext in the database,
 * the restarted server brings the instance back (reconcile) and it still boots with that passphrase; deleting the
 * server removes the row with the instance.
 */
@Tag("integration")
class DriverRestartIT {
    @TempDir
    Path state;

    private Connection connect() throws java.sql.SQLException {
        DatabaseConfig db = EmbeddedDatabase.open(state);
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    @Test
    void an_encrypted_server_survives_a_restart_and_its_passphrase_row_goes_with_it() throws Exception {
        String id;
        try (NovalabServer first = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "sealed")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "101").put("networks", "none")))
                    .json().getJsonObject("server").getString("id");
            assertThat(admin.awaitStatus(id, "ACTIVE").getString("OS-EXT-STS:vm_state")).isEqualTo("active");
        }
        String secretXml = Files.readString(state.resolve(id).resolve("secret.xml"));
        try (Connection c = connect();
             ResultSet rows = c.createStatement().executeQuery(
                     "SELECT id, ciphertext FROM passphrases WHERE owner_type = 'instance-root-disk' AND owner_id = '"
                             + id + "'")) {
            assertThat(rows.next()).as("one passphrase row").isTrue();
            assertThat(secretXml).contains(rows.getString("id"));
            assertThat(rows.getString("ciphertext")).matches("[A-Za-z0-9+/=]{60,}");
            assertThat(rows.next()).isFalse();
        }

        try (NovalabServer second = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject vm = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
            assertThat(vm.getString("status")).isEqualTo("ACTIVE");
            admin.post("/v2.1/servers/" + id + "/action", "{\"reboot\": {\"type\": \"HARD\"}}");
            admin.awaitStatus(id, "ACTIVE");
            String banner = FixtureGuest.BANNER.lines().findFirst().orElseThrow();
            String console = admin.post("/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}").json()
                    .getString("output");
            assertThat(console.split(banner, -1)).as("booted before and after the restart's reboot").hasSizeGreaterThan(2);
            assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
            admin.awaitGone(id);
        }
        assertThat(state.resolve(id)).doesNotExist();
        try (Connection c = connect();
             ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM passphrases")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void an_instance_directory_whose_server_row_is_gone_is_reaped_with_its_passphrase_on_the_next_start()
            throws Exception {
        String lost;
        String kept;
        try (NovalabServer first = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            lost = create(admin, "row-lost");
            kept = create(admin, "row-kept");
        }
        try (Connection c = connect()) {
            // what a kill between a create's files and its row (or a delete's row and its files) leaves
            c.createStatement().executeUpdate("DELETE FROM instances WHERE uuid = '" + lost + "'");
        }

        try (NovalabServer second = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            assertThat(state.resolve(lost)).as("the directory nobody can reach").doesNotExist();
            assertThat(state.resolve(kept)).exists();
            assertThat(admin.get("/v2.1/servers/" + kept).json().getJsonObject("server").getString("status"))
                    .isEqualTo("ACTIVE");
        }
        try (Connection c = connect();
             ResultSet rows = c.createStatement().executeQuery("SELECT owner_id FROM passphrases")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).as("only the kept server's passphrase is left").isEqualTo(kept);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void a_paused_and_a_suspended_encrypted_server_stay_so_across_a_restart_carry_on_and_are_deleted_whole()
            throws Exception {
        String paused;
        String suspended;
        try (NovalabServer first = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            paused = create(admin, "paused");
            suspended = create(admin, "suspended");
            admin.post("/v2.1/servers/" + paused + "/action", "{\"pause\": null}");
            admin.post("/v2.1/servers/" + suspended + "/action", "{\"suspend\": null}");
            assertThat(admin.awaitStatus(paused, "PAUSED").getInteger("OS-EXT-STS:power_state")).isEqualTo(3);
            assertThat(admin.awaitStatus(suspended, "SUSPENDED").getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
        }

        try (NovalabServer second = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            assertThat(admin.get("/v2.1/servers/" + paused).json().getJsonObject("server").getString("status"))
                    .isEqualTo("PAUSED");
            assertThat(admin.get("/v2.1/servers/" + suspended).json().getJsonObject("server").getString("status"))
                    .isEqualTo("SUSPENDED");
            // the restored domains take the actions that undo them: the paused one runs, the saved one restores
            admin.post("/v2.1/servers/" + paused + "/action", "{\"unpause\": null}");
            admin.post("/v2.1/servers/" + suspended + "/action", "{\"resume\": null}");
            assertThat(admin.awaitStatus(paused, "ACTIVE").getInteger("OS-EXT-STS:power_state")).isEqualTo(1);
            assertThat(admin.awaitStatus(suspended, "ACTIVE").getInteger("OS-EXT-STS:power_state")).isEqualTo(1);

            admin.post("/v2.1/servers/" + paused + "/action", "{\"pause\": null}");
            admin.post("/v2.1/servers/" + suspended + "/action", "{\"suspend\": null}");
            admin.awaitStatus(paused, "PAUSED");
            admin.awaitStatus(suspended, "SUSPENDED");
            assertThat(admin.delete("/v2.1/servers/" + paused).status()).isEqualTo(204);
            assertThat(admin.delete("/v2.1/servers/" + suspended).status()).isEqualTo(204);
            admin.awaitGone(paused);
            admin.awaitGone(suspended);
        }
        assertThat(state.resolve(paused)).doesNotExist();
        assertThat(state.resolve(suspended)).doesNotExist();
        try (Connection c = connect();
             ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM passphrases")) {
            rows.next();
            assertThat(rows.getInt(1)).as("no passphrase left of either").isZero();
        }
    }

    private static String create(Api admin, String name) throws InterruptedException {
        String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "101").put("networks", "none")))
                .json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }
}
