package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.compute.resize.ServerMoveApiTest.console;
import static org.novalab.api.compute.resize.ServerMoveApiTest.dirOf;
import static org.novalab.api.compute.resize.ServerMoveApiTest.instancesOf;
import static org.novalab.api.compute.resize.ServerMoveApiTest.secretOf;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageInfo;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.SecretOwner;

/**
 * Live migration ({@code os-migrateLive}) between two compute hosts of one deployment, as a block migration of the
 * server's local disk: the server goes from ACTIVE through MIGRATING to ACTIVE on the other host with no confirmation,
 * its LUKS overlay over the destination's own {@code _base}, the disk's libvirt secret defined on the destination
 * before the guest runs there (the users' "Secret not found"), nothing of it left on the source, and one key manager
 * secret all along. A server whose disk is an Rbd volume in the pool both hosts see moves without it. A paused
 * server stays paused; a local disk the caller says is not block-migrated is Nova's InvalidSharedStorage, a shared
 * one it says is Nova's InvalidLocalStorage; a destination that cannot take it leaves the server running at home.
 */
class ServerLiveMigrationApiTest {

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(ServerMoveApiTest.server, admin());
    }

    @TempDir
    static Path state;

    @BeforeAll
    static void start() throws Exception {
        ServerMoveApiTest.startOn(state);
    }

    @AfterAll
    static void stop() {
        ServerMoveApiTest.stop();
    }

    @Test
    void a_live_migrated_luks_server_runs_on_the_other_host_with_its_key_and_leaves_nothing_on_the_first()
            throws Exception {
        String id = ServerMoveApiTest.boot();
        String source = ServerMoveApiTest.hostOf(id);
        String destination = TwoComputeHosts.other(source);
        UUID secret = secretOf(source, id);

        Api.Response r = migrateLive(id, "2.34", new JsonObject().putNull("host").put("block_migration", "auto"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonObject shown = awaitOn(id, destination, "ACTIVE");

        assertThat(shown.getInteger("OS-EXT-STS:power_state")).as("running").isEqualTo(1);
        assertThat(hosts().host(destination).hypervisor().lookup(UUID.fromString(id))).as("its domain runs there")
                .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.RUNNING));
        ImageInfo info = Disks.java().info(dirOf(destination, id).resolve("disk"));
        assertThat(info.formatSpecific().toString()).as("still LUKS").contains("luks");
        assertThat(Path.of(info.backingFilename())).as("over the destination's own _base")
                .startsWith(instancesOf(destination).resolve("_base")).exists();
        assertThat(secretOf(destination, id)).as("the same secret, not a copy of the passphrase").isEqualTo(secret);
        assertThat(hosts().host(destination).secrets().lookup(secret)).as("defined on the destination").isPresent();
        assertThat(console(id)).as("the guest opened its encrypted disk on the destination")
                .contains(FixtureGuest.BANNER.strip());
        assertNothingOf(id, secret, source);
        assertThat(hosts().keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).as("the one key")
                .extracting(s -> s.id()).containsExactly(secret);

        JsonObject migration = latestMigration(id);
        assertThat(migration.getString("migration_type")).isEqualTo("live-migration");
        assertThat(migration.getString("status")).isEqualTo("completed");
        assertThat(migration.getString("source_compute")).isEqualTo(source);
        assertThat(migration.getString("dest_compute")).isEqualTo(destination);
        assertThat(events(id)).as("the conductor's, the source's and the destination's steps, all done")
                .contains("conductor_live_migrate_instance", "compute_live_migration",
                        "compute_post_live_migration_at_destination")
                .doesNotContain("Error");

        Api.Response back = migrateLive(id, "2.34", new JsonObject().put("host", source)
                .put("block_migration", "auto"));
        assertThat(back.status()).as(back.body()).isEqualTo(202);
        awaitOn(id, source, "ACTIVE");
        assertThat(hosts().host(source).secrets().lookup(secret)).as("home again, its secret with it").isPresent();
        assertNothingOf(id, secret, destination);
    }

    @Test
    void a_paused_server_stays_paused_on_its_new_host() throws Exception {
        String id = ServerMoveApiTest.boot();
        String source = ServerMoveApiTest.hostOf(id);
        assertThat(admin().post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("pause")).status())
                .isEqualTo(202);
        admin().awaitStatus(id, "PAUSED");

        assertThat(migrateLive(id, "2.25", new JsonObject().putNull("host").put("block_migration", "auto")).status())
                .isEqualTo(202);
        awaitOn(id, TwoComputeHosts.other(source), "PAUSED");
        assertThat(hosts().host(TwoComputeHosts.other(source)).hypervisor().lookup(UUID.fromString(id)))
                .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.PAUSED));
        assertThat(hosts().host(source).hypervisor().lookup(UUID.fromString(id))).isEmpty();
    }

    @Test
    void without_block_migration_a_local_disk_is_not_on_shared_storage_and_the_server_stays_where_it_is()
            throws Exception {
        String id = ServerMoveApiTest.boot();
        String home = ServerMoveApiTest.hostOf(id);

        Api.Response r = migrateLive(id, "2.24", new JsonObject().putNull("host").put("block_migration", false)
                .put("disk_over_commit", false));
        assertThat(r.status()).as("before 2.34 the conductor's checks answer").isEqualTo(400);
        assertThat(r.json().getJsonObject("badRequest").getString("message")).isEqualTo(home + " is not on shared "
                + "storage: Shared storage live-migration requires either shared storage or block migration unless "
                + "booted from volume.");
        assertThat(ServerMoveApiTest.hostOf(id)).isEqualTo(home);
        assertThat(latestMigration(id).getString("status")).isEqualTo("error");
        assertThat(admin().get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void a_destination_that_cannot_take_the_server_leaves_it_running_at_home_and_nothing_there() throws Exception {
        String id = ServerMoveApiTest.boot();
        String home = ServerMoveApiTest.hostOf(id);
        String other = TwoComputeHosts.other(home);
        UUID secret = secretOf(home, id);
        hosts().failNextFinishOn(other);

        assertThat(migrateLive(id, "2.34", new JsonObject().putNull("host").put("block_migration", "auto")).status())
                .isEqualTo(202);
        ServerMoveApiTest.server.awaitIdle();
        awaitOn(id, home, "ACTIVE");

        assertThat(hosts().host(home).hypervisor().lookup(UUID.fromString(id))).as("its guest carries on at home")
                .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.RUNNING));
        assertThat(hosts().host(home).secrets().lookup(secret)).isPresent();
        assertNothingOf(id, secret, other);
        assertThat(latestMigration(id).getString("status")).isEqualTo("error");
        assertThat(events(id)).as("the source's step failed, saying why").contains("compute_live_migration")
                .contains("Error").contains("no space left on " + other);
    }

    @Test
    void a_server_on_a_shared_rbd_disk_moves_without_its_disk_and_its_volume_stays_until_it_is_deleted()
            throws Exception {
        Api.Response made = admin().post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "on-rbd").put("flavorRef", "1").put("networks", "none")
                .put("block_device_mapping_v2", new io.vertx.core.json.JsonArray().add(new JsonObject()
                        .put("boot_index", 0).put("uuid", TestServers.CIRROS).put("source_type", "image")
                        .put("destination_type", "volume").put("volume_size", 1)))));
        assertThat(made.status()).as(made.body()).isEqualTo(202);
        String id = made.json().getJsonObject("server").getString("id");
        admin().awaitStatus(id, "ACTIVE");
        String source = ServerMoveApiTest.hostOf(id);
        String destination = TwoComputeHosts.other(source);
        String volume = id + "_disk";

        Api.Response block = migrateLive(id, "2.24", new JsonObject().putNull("host").put("block_migration", true)
                .put("disk_over_commit", false));
        assertThat(block.status()).isEqualTo(400);
        assertThat(block.json().getJsonObject("badRequest").getString("message")).isEqualTo(source + " is not on "
                + "local storage: Block migration can not be used with shared storage.");

        Api.Response r = migrateLive(id, "2.34", new JsonObject().putNull("host").put("block_migration", "auto"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        awaitOn(id, destination, "ACTIVE");

        Path dir = dirOf(destination, id);
        assertThat(dir.resolve("disk")).as("no disk copied: it is in the pool both hosts see").doesNotExist();
        assertThat(Files.readString(dir.resolve("libvirt.xml"))).as("the same network disk")
                .contains("protocol=\"rbd\"", "vms/" + volume);
        assertThat(hosts().host(destination).hypervisor().lookup(UUID.fromString(id)))
                .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.RUNNING));
        assertThat(console(id)).as("the guest read its disk from the pool on the destination")
                .contains(FixtureGuest.BANNER.strip());
        try (var left = Files.list(instancesOf(source))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(id));
        }
        assertThat(hosts().host(source).hypervisor().lookup(UUID.fromString(id))).isEmpty();
        assertThat(latestMigration(id).getString("status")).isEqualTo("completed");
        assertThat(pool().exists(volume)).as("the move leaves the volume in the pool").isTrue();

        assertThat(admin().delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        ServerMoveApiTest.awaitGone(id);
        ServerMoveApiTest.server.awaitIdle();
        assertThat(pool().exists(volume)).as("the delete on its new host removes it").isFalse();
    }

    private static org.novalab.storage.Pool pool() {
        return org.novalab.storage.directory.DirectoryCluster.open(state.resolve("pool")).openPool("vms");
    }

    /** Neither a directory, a domain nor a libvirt secret of the server on {@code host}. */
    private static void assertNothingOf(String id, UUID secret, String host) throws Exception {
        try (var left = Files.list(instancesOf(host))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no files of it on " + host)
                    .noneMatch(n -> n.startsWith(id));
        }
        assertThat(hosts().host(host).secrets().lookup(secret)).as("no libvirt secret on " + host).isEmpty();
        assertThat(hosts().host(host).hypervisor().lookup(UUID.fromString(id))).as("no domain on " + host).isEmpty();
    }

    /** The server in {@code status} with no task, on {@code host}. */
    private static JsonObject awaitOn(String id, String host, String status) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        JsonObject shown = admin().awaitStatus(id, status);
        while (!host.equals(shown.getString("OS-EXT-SRV-ATTR:host")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            shown = admin().awaitStatus(id, status);
        }
        assertThat(shown.getString("OS-EXT-SRV-ATTR:host")).as(shown.encode()).isEqualTo(host);
        ServerMoveApiTest.server.awaitIdle();
        return shown;
    }

    private static Api.Response migrateLive(String id, String microversion, JsonObject args) {
        return admin().send("POST", "/v2.1/servers/" + id + "/action", new JsonObject().put("os-migrateLive", args)
                .encode(), Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    private static JsonObject latestMigration(String id) {
        return admin().send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
    }

    /** The events of the server's latest instance action, as JSON text. */
    private static String events(String id) {
        JsonObject action = admin().get("/v2.1/servers/" + id + "/os-instance-actions").json()
                .getJsonArray("instanceActions").getJsonObject(0);
        assertThat(action.getString("action")).isEqualTo("live-migration");
        return admin().send("GET", "/v2.1/servers/" + id + "/os-instance-actions/" + action.getString("request_id"),
                null, Map.of("OpenStack-API-Version", "compute 2.51")).json().getJsonObject("instanceAction")
                .getJsonArray("events").toString();
    }

    private static Api admin() {
        return ServerMoveApiTest.admin;
    }

    private static TwoComputeHosts hosts() {
        return ServerMoveApiTest.hosts;
    }
}
