package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.compute.host.ServiceGroup;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.state.PowerState;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.SecretOwner;

/**
 * A compute host that goes down with work in its hands never leaves a server in a task state: the conductor gives a
 * build up (ERROR with a fault that says to evacuate or delete, and evacuate then works), and a move whose destination
 * went down is undone by its source (ACTIVE at home, the migration in error), a live migration whose source went
 * down is dropped (ACTIVE, the migration in error); a host that was only hung and finishes
 * later powers off the guest it built, or withdraws the copy it booted, so one guest runs, never two. The hosts beat
 * every second and count as down after five ({@code report_interval}, {@code service_down_time}); forced down, a
 * host is down at once, and the conductor acts after two passes find it so.
 */
class StrandedServersApiTest {
    @TempDir
    Path state;
    TwoComputeHosts hosts;
    NovalabServer server;
    Api admin;
    String flavor;

    @BeforeEach
    void start() throws Exception {
        hosts = new TwoComputeHosts(state);
        server = hosts.start(c -> c.withServiceGroup(new ServiceGroup(Duration.ofSeconds(1), Duration.ofSeconds(5))));
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        flavor = ServerMoveApiTest.luksFlavor(admin, "stranded-luks");
    }

    @AfterEach
    void stop() {
        server.close();
        hosts.close();
    }

    @Test
    void a_build_on_a_host_that_went_down_is_given_up_with_a_fault_and_the_server_can_be_evacuated()
            throws Exception {
        TwoComputeHosts.Hold spawn = hosts.hold("spawn");
        Api.Response created = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "hung").put("imageRef", TestServers.CIRROS).put("flavorRef", flavor)
                .put("networks", "none")));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().getJsonObject("server").getString("id");
        String hung = spawn.awaitReached();
        String other = TwoComputeHosts.other(hung);

        forceDown(hung, true);
        admin.awaitStatus(id, "ERROR");
        JsonObject shown = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(shown.getString("OS-EXT-STS:task_state")).as("in no task").isNull();
        assertThat(shown.getJsonObject("fault").getString("message")).as("the fault says what happened and what to do")
                .contains("Compute host " + hung + " went down while the server was spawning")
                .contains("Evacuate");

        spawn.release();
        server.awaitIdle();
        assertThat(hosts.host(hung).hypervisor().lookup(UUID.fromString(id))).as("the hung host, finishing late, "
                + "powers off the guest of the server given up")
                .hasValueSatisfying(d -> assertThat(d.state()).isNotEqualTo(PowerState.RUNNING));

        Api.Response evacuated = admin.send("POST", "/v2.1/servers/" + id + "/action", new JsonObject()
                .put("evacuate", new JsonObject()).encode(), Map.of("OpenStack-API-Version", "compute 2.14"));
        assertThat(evacuated.status()).as(evacuated.body()).isEqualTo(200);
        admin.awaitStatus(id, "ACTIVE");
        server.awaitIdle();
        assertThat(ServerMoveApiTest.hostOf(admin, id)).isEqualTo(other);
        assertThat(Files.readString(hosts.instancesOf(other).resolve(id).resolve("console.log")))
                .contains(FixtureGuest.BANNER.strip());
        forceDown(hung, false);
    }

    @Test
    void a_move_whose_destination_went_down_while_finishing_is_undone_by_its_source_and_the_late_copy_withdrawn()
            throws Exception {
        String id = ServerMoveApiTest.boot(admin, flavor);
        String home = ServerMoveApiTest.hostOf(admin, id);
        String other = TwoComputeHosts.other(home);
        UUID secret = hosts.secretOf(home, id);
        TwoComputeHosts.Hold finish = hosts.hold("finishMigration");

        Api.Response migrate = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("migrate"));
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(202);
        assertThat(finish.awaitReached()).isEqualTo(other);
        forceDown(other, true);
        admin.awaitStatus(id, "ACTIVE");

        JsonObject shown = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(shown.getString("OS-EXT-SRV-ATTR:host")).as("back on its own host").isEqualTo(home);
        assertThat(shown.getString("OS-EXT-STS:task_state")).isNull();
        assertThat(hosts.host(home).hypervisor().lookup(UUID.fromString(id))).as("running there on its own disk")
                .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.RUNNING));
        assertThat(hosts.instancesOf(home).resolve(id + "_resize")).doesNotExist();
        JsonObject migration = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
        assertThat(migration.getString("status")).isEqualTo("error");

        finish.release();
        server.awaitIdle();
        try (var left = Files.list(hosts.instancesOf(other))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the destination, finishing late, withdrew "
                    + "its copy").noneMatch(n -> n.startsWith(id));
        }
        assertThat(hosts.host(other).hypervisor().lookup(UUID.fromString(id))).as("and its domain").isEmpty();
        assertThat(hosts.host(other).secrets().lookup(secret)).as("and its libvirt secret").isEmpty();
        assertThat(hosts.host(home).secrets().lookup(secret)).isPresent();
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).as("one key all along")
                .extracting(s -> s.id()).containsExactly(secret);
        forceDown(other, false);
    }

    @Test
    void a_move_whose_source_went_down_while_sending_is_given_up_and_the_source_puts_its_directory_back()
            throws Exception {
        String id = ServerMoveApiTest.boot(admin, flavor);
        String home = ServerMoveApiTest.hostOf(admin, id);
        TwoComputeHosts.Hold piece = hosts.hold("receiveMigrationFile");

        Api.Response migrate = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("migrate"));
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(202);
        piece.awaitReached();
        forceDown(home, true);
        admin.awaitStatus(id, "ERROR");
        assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getJsonObject("fault")
                .getString("message")).contains("went down while the server was resize_migrating");
        JsonObject migration = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
        assertThat(migration.getString("status")).isEqualTo("error");

        piece.release();
        server.awaitIdle();
        assertThat(hosts.instancesOf(home).resolve(id)).as("the source, going on late, put its directory back")
                .isDirectory();
        assertThat(hosts.instancesOf(home).resolve(id + "_resize")).doesNotExist();

        forceDown(home, false);
        Api.Response reboot = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().put("reboot",
                new JsonObject().put("type", "HARD")));
        assertThat(reboot.status()).as(reboot.body()).isEqualTo(202);
        admin.awaitStatus(id, "ACTIVE");
        assertThat(ServerMoveApiTest.hostOf(admin, id)).isEqualTo(home);
        assertThat(Files.readString(hosts.instancesOf(home).resolve(id).resolve("console.log")))
                .as("a hard reboot boots it from its own LUKS disk").contains(FixtureGuest.BANNER.strip());
    }

    @Test
    void a_source_stopped_with_its_directory_set_aside_puts_it_back_at_its_start_when_the_move_was_given_up()
            throws Exception {
        String id = ServerMoveApiTest.boot(admin, flavor);
        String home = ServerMoveApiTest.hostOf(admin, id);
        TwoComputeHosts.Hold piece = hosts.hold("receiveMigrationFile");
        assertThat(admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("migrate")).status())
                .isEqualTo(202);
        piece.awaitReached();
        forceDown(home, true);
        admin.awaitStatus(id, "ERROR");
        piece.release();
        server.awaitIdle();
        server.close();
        // what a source killed between setting the directory aside and hearing the move was given up leaves
        Path dir = hosts.instancesOf(home).resolve(id);
        Files.move(dir, hosts.instancesOf(home).resolve(id + "_resize"));

        server = hosts.start(c -> c.withServiceGroup(new ServiceGroup(Duration.ofSeconds(1), Duration.ofSeconds(5))));
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");

        assertThat(dir).as("put back at the source's start").isDirectory();
        assertThat(hosts.instancesOf(home).resolve(id + "_resize")).doesNotExist();
        forceDown(home, false);
        assertThat(admin.post("/v2.1/servers/" + id + "/action", new JsonObject().put("reboot", new JsonObject()
                .put("type", "HARD"))).status()).isEqualTo(202);
        admin.awaitStatus(id, "ACTIVE");
        assertThat(Files.readString(dir.resolve("console.log"))).as("booted from its own LUKS disk")
                .contains(FixtureGuest.BANNER.strip());
    }

    @Test
    void a_live_migration_whose_source_went_down_is_dropped_and_the_source_going_on_keeps_its_guest_and_leaves_no_copy()
            throws Exception {
        String id = ServerMoveApiTest.boot(admin, flavor);
        String home = ServerMoveApiTest.hostOf(admin, id);
        String other = TwoComputeHosts.other(home);
        UUID secret = hosts.secretOf(home, id);
        TwoComputeHosts.Hold leave = hosts.hold("leaveLive");

        Api.Response live = admin.send("POST", "/v2.1/servers/" + id + "/action", new JsonObject()
                .put("os-migrateLive", new JsonObject().putNull("host").put("block_migration", "auto")).encode(),
                Map.of("OpenStack-API-Version", "compute 2.34"));
        assertThat(live.status()).as(live.body()).isEqualTo(202);
        assertThat(leave.awaitReached()).isEqualTo(home);
        forceDown(home, true);
        JsonObject shown = admin.awaitStatus(id, "ACTIVE");
        assertThat(shown.getString("OS-EXT-SRV-ATTR:host")).as("still on its own host").isEqualTo(home);
        JsonObject migration = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
        assertThat(migration.getString("status")).as("its claim on " + other + " gone with it").isEqualTo("error");
        String request = admin.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                .getJsonArray("instanceActions").getJsonObject(0).getString("request_id");
        assertThat(admin.get("/v2.1/servers/" + id + "/os-instance-actions/" + request).json()
                .getJsonObject("instanceAction").getJsonArray("events").stream().map(e -> (JsonObject) e)
                .filter(e -> e.getString("event").equals("compute_live_migration")))
                .as("the source's step ended in error, not left open").singleElement()
                .satisfies(e -> assertThat(e.getString("result")).isEqualTo("Error"));

        leave.release();
        server.awaitIdle();
        assertThat(hosts.host(home).hypervisor().lookup(UUID.fromString(id))).as("the source, going on late, lets "
                + "its guest carry on").hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.RUNNING));
        try (var left = Files.list(hosts.instancesOf(other))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("and has the destination withdraw what it "
                    + "sent").noneMatch(n -> n.startsWith(id));
        }
        assertThat(hosts.host(other).secrets().lookup(secret)).isEmpty();
        assertThat(ServerMoveApiTest.hostOf(admin, id)).isEqualTo(home);
        forceDown(home, false);
    }

    void forceDown(String host, boolean down) {
        TwoComputeHosts.forceDown(admin, host, down);
    }
}
