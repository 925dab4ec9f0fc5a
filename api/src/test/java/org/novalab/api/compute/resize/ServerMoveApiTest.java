package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Cold migration and resize between two compute hosts of one deployment, each with its own instances directory,
 * {@code _base}, libvirt and secret store, and one key manager in the shared database: the LUKS disk moves with its
 * overlay pointed at the destination's own {@code _base}, the destination defines the disk's libvirt secret before
 * it boots the guest (no "Secret not found"), a confirm leaves nothing of the server on the source, a revert nothing
 * on the destination, and the passphrase is never lost or copied: one key manager secret all along.
 */
class ServerMoveApiTest {
    static final String A = TwoComputeHosts.A;
    static final String B = TwoComputeHosts.B;
    @TempDir
    static Path state;
    static NovalabServer server;
    static TwoComputeHosts hosts;
    static Api admin;
    static String luks;
    static String luksBigger;

    @BeforeAll
    static void start() throws Exception {
        startOn(state);
    }

    /** The two hosts, the server and the flavors under {@code dir}: the live migration tests move servers too. */
    static void startOn(Path dir) throws Exception {
        state = dir;
        hosts = new TwoComputeHosts(state);
        server = hosts.start();
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        luks = luksFlavor(admin, "move-luks");
        luksBigger = flavor(admin, "move-luks-2", 2, 128, 2);
    }

    @AfterAll
    static void stop() {
        server.close();
        hosts.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    @Test
    void a_migrated_luks_server_boots_on_the_other_host_with_its_key_and_a_confirm_leaves_nothing_on_the_first()
            throws Exception {
        Moved m = bootAndMove(new JsonObject().putNull("migrate"));
        String id = m.id();
        String source = m.from();
        String destination = m.to();
        UUID secret = m.secret();

        assertThat(hostOf(id)).as("the server runs on the other host").isEqualTo(destination);
        Path disk = dirOf(destination, id).resolve("disk");
        ImageInfo info = Disks.java().info(disk);
        assertThat(info.encrypted()).as("the disk is still encrypted").isTrue();
        assertThat(info.formatSpecific().toString()).as("with LUKS").contains("luks");
        assertThat(Path.of(info.backingFilename())).as("the overlay is over the destination's own _base")
                .startsWith(instancesOf(destination).resolve("_base")).exists();
        assertThat(secretOf(destination, id)).as("the same secret, not a copy of the passphrase").isEqualTo(secret);
        assertThat(hosts.host(destination).secrets().lookup(secret)).as("defined before the guest booted").isPresent();
        assertThat(console(id)).as("the guest booted on the destination from its encrypted disk")
                .contains(FixtureGuest.BANNER.strip());
        assertThat(instancesOf(source).resolve(id + "_resize")).as("the source keeps its copy until the confirm")
                .isDirectory();

        Api.Response confirm = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("confirmResize"));
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(204);
        admin.awaitStatus(id, "ACTIVE");
        server.awaitIdle();

        assertThat(instancesOf(source).resolve(id)).doesNotExist();
        assertThat(instancesOf(source).resolve(id + "_resize")).doesNotExist();
        assertThat(hosts.host(source).secrets().lookup(secret)).as("no secret left behind on the source").isEmpty();
        assertThat(hosts.host(source).hypervisor().lookup(UUID.fromString(id))).as("no domain on the source")
                .isEmpty();
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).as("the key manager keeps the one key")
                .extracting(s -> s.id()).containsExactly(secret);
        JsonObject migration = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
        assertThat(migration.getString("status")).isEqualTo("confirmed");
        assertThat(migration.getString("migration_type")).isEqualTo("migration");
        assertThat(migration.getString("source_compute")).isEqualTo(source);
        assertThat(migration.getString("dest_compute")).isEqualTo(destination);
    }

    @Test
    void a_resize_to_the_other_host_grows_the_disk_there_and_a_revert_brings_it_home_leaving_nothing_behind()
            throws Exception {
        Moved m = bootAndMove(new JsonObject().put("resize", new JsonObject().put("flavorRef", luksBigger)));
        String id = m.id();
        String home = m.from();
        String other = m.to();
        UUID secret = m.secret();
        assertThat(hostOf(id)).isEqualTo(other);
        assertThat(Disks.java().info(dirOf(other, id).resolve("disk")).virtualSize()).as("grown to the new flavor")
                .isEqualTo(2L << 30);
        assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getJsonObject("flavor")
                .getString("id")).isEqualTo(luksBigger);

        Api.Response revert = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("revertResize"));
        assertThat(revert.status()).as(revert.body()).isEqualTo(202);
        admin.awaitStatus(id, "ACTIVE");
        server.awaitIdle();

        assertThat(hostOf(id)).as("back home").isEqualTo(home);
        assertThat(Disks.java().info(dirOf(home, id).resolve("disk")).virtualSize()).as("its old disk")
                .isEqualTo(1L << 30);
        assertThat(console(id)).contains(FixtureGuest.BANNER.strip());
        assertThat(instancesOf(other).resolve(id)).doesNotExist();
        assertThat(hosts.host(other).secrets().lookup(secret)).as("no secret left on the other host").isEmpty();
        assertThat(hosts.host(other).hypervisor().lookup(UUID.fromString(id))).isEmpty();
        assertThat(hosts.host(home).secrets().lookup(secret)).isPresent();
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).extracting(s -> s.id())
                .containsExactly(secret);
        assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getJsonObject("flavor")
                .getString("id")).isEqualTo(luks);
    }

    @Test
    void a_move_the_destination_cannot_finish_brings_the_server_home_with_a_fault_and_leaves_nothing_there()
            throws Exception {
        String id = boot();
        String home = hostOf(id);
        String other = TwoComputeHosts.other(home);
        UUID secret = secretOf(home, id);
        hosts.failNextFinishOn(other);

        Api.Response migrate = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("migrate"));
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(202);
        server.awaitIdle();
        admin.awaitStatus(id, "ACTIVE");

        JsonObject shown = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(shown.getString("OS-EXT-SRV-ATTR:host")).as("back on its own host").isEqualTo(home);
        assertThat(shown.getString("OS-EXT-STS:task_state")).as("in no task").isNull();
        assertThat(hosts.host(home).hypervisor().lookup(UUID.fromString(id))).as("running at home")
                .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.RUNNING));
        assertThat(instancesOf(home).resolve(id + "_resize")).as("on its own directory again").doesNotExist();
        assertThat(hosts.host(home).secrets().lookup(secret)).isPresent();
        try (var left = Files.list(instancesOf(other))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing of it on " + other)
                    .noneMatch(n -> n.startsWith(id));
        }
        assertThat(hosts.host(other).secrets().lookup(secret)).as("no libvirt secret on " + other).isEmpty();
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).extracting(s -> s.id())
                .containsExactly(secret);
        JsonObject migration = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
        assertThat(migration.getString("status")).isEqualTo("error");
        JsonObject action = admin.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                .getJsonArray("instanceActions").getJsonObject(0);
        assertThat(action.getString("action")).isEqualTo("migrate");
        assertThat(admin.get("/v2.1/servers/" + id + "/os-instance-actions/" + action.getString("request_id"))
                .json().getJsonObject("instanceAction").getJsonArray("events").toString())
                .as("the event says the move failed").contains("Error");
    }

    @Test
    void deleting_a_moved_server_waiting_for_its_confirmation_leaves_nothing_on_either_host_and_no_key()
            throws Exception {
        Moved m = bootAndMove(new JsonObject().putNull("migrate"));
        String id = m.id();
        UUID secret = m.secret();

        assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        server.awaitIdle();
        awaitGone(id);

        for (String h : List.of(A, B)) {
            try (var left = Files.list(instancesOf(h))) {
                assertThat(left.map(p -> p.getFileName().toString())).as("nothing of the server on " + h)
                        .noneMatch(n -> n.startsWith(id));
            }
            assertThat(hosts.host(h).secrets().lookup(secret)).as("no libvirt secret on " + h).isEmpty();
        }
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).as("its key went with it").isEmpty();
    }

    @Test
    void a_moved_server_shows_the_availability_zone_of_the_host_it_is_on_and_its_own_again_after_a_revert()
            throws Exception {
        String id = boot();
        String other = TwoComputeHosts.other(hostOf(id));
        Api.Response made = admin.post("/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "far-rack").put("availability_zone", "far")));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        int aggregate = made.json().getJsonObject("aggregate").getInteger("id");
        String actions = "/v2.1/os-aggregates/" + aggregate + "/action";
        assertThat(admin.post(actions, new JsonObject().put("add_host", new JsonObject().put("host", other)))
                .status()).isEqualTo(200);
        try {
            assertThat(zoneOf(id)).isEqualTo("nova");
            assertThat(admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("migrate")).status())
                    .isEqualTo(202);
            admin.awaitStatus(id, "VERIFY_RESIZE");
            assertThat(zoneOf(id)).as("on " + other + ", in its zone").isEqualTo("far");

            assertThat(admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("revertResize"))
                    .status()).isEqualTo(202);
            admin.awaitStatus(id, "ACTIVE");
            server.awaitIdle();
            assertThat(zoneOf(id)).as("back home").isEqualTo("nova");
        } finally {
            admin.post(actions, new JsonObject().put("remove_host", new JsonObject().put("host", other)));
            admin.delete("/v2.1/os-aggregates/" + aggregate);
        }
    }

    static String zoneOf(String id) {
        return admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("OS-EXT-AZ:availability_zone");
    }

    @Test
    void a_member_of_an_anti_affinity_group_does_not_migrate_beside_another_member_and_stays_at_home()
            throws Exception {
        Api.Response g = admin.send("POST", "/v2.1/os-server-groups", new JsonObject().put("server_group",
                new JsonObject().put("name", "apart").put("policy", "anti-affinity")).encode(),
                Map.of("OpenStack-API-Version", "compute 2.64"));
        assertThat(g.status()).as(g.body()).isEqualTo(200);
        String group = g.json().getJsonObject("server_group").getString("id");
        String first = bootInto(group);
        String second = bootInto(group);
        assertThat(hostOf(first)).as("one member on each host").isNotEqualTo(hostOf(second));
        String home = hostOf(first);

        Api.Response migrate = admin.post("/v2.1/servers/" + first + "/action", new JsonObject().putNull("migrate"));
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(202);
        server.awaitIdle();

        JsonObject shown = admin.awaitStatus(first, "ACTIVE");
        assertThat(shown.getString("OS-EXT-SRV-ATTR:host")).as("the only other host holds a member").isEqualTo(home);
        JsonObject migration = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + first, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
        assertThat(migration.getString("status")).as("no valid host").isEqualTo("error");

        assertThat(admin.delete("/v2.1/servers/" + second).status()).isEqualTo(204);
        awaitGone(second);
        assertThat(admin.post("/v2.1/servers/" + first + "/action", new JsonObject().putNull("migrate")).status())
                .isEqualTo(202);
        admin.awaitStatus(first, "VERIFY_RESIZE");
        assertThat(hostOf(first)).as("alone in its group it may move").isNotEqualTo(home);
    }

    static String boot() throws Exception {
        return boot(admin, luks);
    }

    /** A LUKS server booted into server group {@code group} (Nova's {@code group} scheduler hint), ACTIVE. */
    static String bootInto(String group) throws Exception {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "g")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", luks).put("networks", "none"))
                .put("os:scheduler_hints", new JsonObject().put("group", group)));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }

    /** A LUKS server booted, then moved by {@code action} (accepted, 202) until it waits for its confirmation. */
    record Moved(String id, String from, String to, UUID secret) {
    }

    static Moved bootAndMove(JsonObject action) throws Exception {
        String id = boot();
        String from = hostOf(id);
        UUID secret = secretOf(from, id);
        Api.Response r = admin.post("/v2.1/servers/" + id + "/action", action);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        admin.awaitStatus(id, "VERIFY_RESIZE");
        return new Moved(id, from, TwoComputeHosts.other(from), secret);
    }

    /** A LUKS server of {@code flavor}, ACTIVE. */
    static String boot(Api admin, String flavor) throws Exception {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "m")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", flavor).put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }

    /** A flavor whose root disk is LUKS encrypted (one vCPU, 64 MiB, 1 GiB). */
    static String luksFlavor(Api admin, String name) {
        return flavor(admin, name, 1, 64, 1);
    }

    static String flavor(Api admin, String name, int vcpus, int ram, int disk) {
        Api.Response r = admin.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject().put("name", name)
                .put("ram", ram).put("vcpus", vcpus).put("disk", disk)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().getJsonObject("flavor").getString("id");
        Api.Response specs = admin.post("/v2.1/flavors/" + id + "/os-extra_specs", new JsonObject().put("extra_specs",
                new JsonObject().put("hw:ephemeral_encryption", "true")
                        .put("hw:ephemeral_encryption_format", "luks")));
        assertThat(specs.status()).as(specs.body()).isEqualTo(200);
        return id;
    }

    static String hostOf(String id) {
        return hostOf(admin, id);
    }

    static String hostOf(Api admin, String id) {
        return admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("OS-EXT-SRV-ATTR:host");
    }

    static String console(String id) {
        return admin.post("/v2.1/servers/" + id + "/action", new JsonObject().put("os-getConsoleOutput",
                new JsonObject())).json().getString("output");
    }

    static Path instancesOf(String host) {
        return state.resolve(host).resolve("instances");
    }

    static Path dirOf(String host, String id) {
        return instancesOf(host).resolve(id);
    }

    static UUID secretOf(String host, String id) throws Exception {
        return hosts.secretOf(host, id);
    }

    static void awaitGone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (admin.get("/v2.1/servers/" + id).status() != 404 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(admin.get("/v2.1/servers/" + id).status()).isEqualTo(404);
    }
}
