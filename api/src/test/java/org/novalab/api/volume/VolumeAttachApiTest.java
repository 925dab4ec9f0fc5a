package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.api.virsh.VirshRoutes;

/**
 * Nova's {@code os-volume_attachments} over Cinder's volume states, on the real libvirt driver (test driver) with
 * the emulated guest: an encrypted volume with a front-end QoS spec attached to a running server (in-use, Cinder's
 * attachments, the domain's LUKS disk and iotune, the guest's console), its detach, the errors Nova and Cinder answer,
 * a key that unlocks nothing, a stopped server, a server delete with and without delete_on_termination, and which
 * attached volumes may be snapshotted.
 */
class VolumeAttachApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static String v3;
    static VolumeCalls volumes;
    static String luksFile;
    static String luksRbd;

    @BeforeAll
    static void start() throws Exception {
        Path node = Files.writeString(state.resolve("test-node.xml"), "<node/>\n");
        server = NovalabServer.start(TestServers.config(state).withHypervisorUri("test://" + node),
                new LibvirtComputeServices());
        volumes = VolumeCalls.asAdmin(server.baseUrl());
        admin = volumes.api();
        v3 = volumes.v3();
        luksFile = volumes.encryptedType("luks-file", "file");
        luksRbd = volumes.encryptedType("luks-rbd", "rbd");
        String qos = VolumeApiTest.created(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs",
                new JsonObject().put("name", "fast").put("consumer", "front-end").put("total_iops_sec", "500"))), 200,
                "qos_specs").getString("id");
        assertThat(admin.get(v3 + "/qos-specs/" + qos + "/associate?vol_type_id=" + luksFile).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    @Test
    void an_encrypted_volume_is_attached_live_shown_by_nova_and_cinder_and_detached_leaving_its_key() throws Exception {
        String vm = boot();
        String vol = volume(luksFile);
        String key = keyIdOf(vol);

        Api.Response attached = attach(vm, vol, "2.89", new JsonObject().put("tag", "data"));
        assertThat(attached.status()).as(attached.body()).isEqualTo(200);
        JsonObject a = attached.json().getJsonObject("volumeAttachment");
        assertThat(a.getString("device")).isEqualTo("/dev/vdb");
        assertThat(a.getString("serverId")).isEqualTo(vm);
        assertThat(a.getString("volumeId")).isEqualTo(vol);
        assertThat(a.getString("tag")).isEqualTo("data");
        assertThat(a.getBoolean("delete_on_termination")).isFalse();
        assertThat(a.getString("attachment_id")).isNotBlank();
        assertThat(a.getString("bdm_uuid")).isNotBlank();
        assertThat(a.containsKey("id")).as("2.89 drops id").isFalse();

        JsonObject inUse = volumes.awaitStatus(vol, "in-use");
        JsonObject cinder = inUse.getJsonArray("attachments").getJsonObject(0);
        assertThat(cinder.getString("server_id")).isEqualTo(vm);
        assertThat(cinder.getString("device")).isEqualTo("/dev/vdb");
        assertThat(cinder.getString("attachment_id")).isEqualTo(a.getString("attachment_id"));
        assertThat(cinder.getString("attached_at")).isNotBlank();

        JsonArray listed = nova("GET", "/v2.1/servers/" + vm + "/os-volume_attachments", "2.79", null).json()
                .getJsonArray("volumeAttachments");
        assertThat(listed).hasSize(1);
        assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(vol);
        assertThat(listed.getJsonObject(0).containsKey("attachment_id")).isFalse();
        assertThat(nova("GET", "/v2.1/servers/" + vm + "/os-volume_attachments/" + vol, "2.1", null).json()
                .getJsonObject("volumeAttachment").fieldNames()).containsExactlyInAnyOrder("device", "serverId",
                "volumeId", "id");

        String xml = Files.readString(state.resolve(vm).resolve("libvirt.xml"));
        assertThat(xml).contains("<serial>" + vol + "</serial>").contains("<secret type=\"passphrase\" uuid=\""
                + key + "\"/>").contains("<total_iops_sec>500</total_iops_sec>").contains("volume-" + vol);
        assertThat(secrets()).contains(key);
        assertThat(console(vm)).contains("novalab: the guest sees disk vdb (serial " + vol + "): 1073741824 bytes");

        Api.Response cinderList = admin.send("GET", v3 + "/attachments/detail", null,
                Map.of("OpenStack-API-Version", "volume 3.27"));
        JsonObject listedByCinder = cinderList.json().getJsonArray("attachments").getJsonObject(0);
        assertThat(listedByCinder.getString("id")).isEqualTo(a.getString("attachment_id"));
        assertThat(listedByCinder.getString("instance")).isEqualTo(vm);
        assertThat(listedByCinder.getString("status")).isEqualTo("attached");
        assertThat(listedByCinder.encode()).doesNotContain(key);
        assertThat(admin.get(v3 + "/attachments").status()).as("the attachments API is 3.27's").isEqualTo(404);
        JsonArray onServer = nova("GET", "/v2.1/servers/" + vm, "2.3", null).json().getJsonObject("server")
                .getJsonArray("os-extended-volumes:volumes_attached");
        assertThat(onServer).containsExactly(new JsonObject().put("id", vol).put("delete_on_termination", false));
        VolumeApiTest.assertError(admin.post("/v2.1/servers/" + vm + "/action", new JsonObject().put("rebuild",
                new JsonObject().put("imageRef", TestServers.CIRROS))), 409, "conflictingRequest",
                "Cannot 'rebuild' instance " + vm + " while it has volumes attached");
        VolumeApiTest.assertError(admin.delete(v3 + "/volumes/" + vol), 400, "badRequest", "Invalid volume: Volume "
                + "status must be available or error");
        assertThat(attach(vm, vol, "2.1", new JsonObject()).status()).as("an in-use volume").isEqualTo(400);

        Api.Response detach = nova("DELETE", "/v2.1/servers/" + vm + "/os-volume_attachments/" + vol, "2.1", null);
        assertThat(detach.status()).as(detach.body()).isEqualTo(202);
        JsonObject available = volumes.awaitStatus(vol, "available");
        assertThat(available.getJsonArray("attachments")).isEmpty();
        server.awaitIdle();
        assertThat(Files.readString(state.resolve(vm).resolve("libvirt.xml"))).doesNotContain(vol);
        assertThat(secrets()).as("the libvirt secret goes with the detach").doesNotContain(key);
        try (var kept = KeyRows.passphraseOf(state, vol)) {
            assertThat(kept.length()).as("the key stays the volume's").isPositive();
        }
        assertThat(nova("GET", "/v2.1/servers/" + vm + "/os-volume_attachments", "2.1", null).json()
                .getJsonArray("volumeAttachments")).isEmpty();
        assertThat(admin.get("/v2.1/servers/detail").json().getJsonArray("servers").stream()
                .map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(vm)).findFirst().orElseThrow()
                .getJsonArray("os-extended-volumes:volumes_attached")).isEmpty();
        assertThat(events(vm)).contains("attach_volume", "detach_volume");
    }

    @Test
    void nova_and_cinder_answer_their_errors() throws Exception {
        String vm = boot();
        String vol = volume(luksRbd);
        String unknown = "6a1c54f2-0b59-4c5e-8a1d-9b8f3c2e1d00";

        VolumeApiTest.assertError(attach(vm, unknown, "2.1", new JsonObject()), 404, "itemNotFound",
                "Volume " + unknown + " could not be found.");
        VolumeApiTest.assertError(attach(unknown, vol, "2.1", new JsonObject()), 404, "itemNotFound",
                "Instance " + unknown + " could not be found.");
        assertThat(attach(vm, "not-a-uuid", "2.1", new JsonObject()).status()).isEqualTo(400);
        assertThat(attach(vm, vol, "2.78", new JsonObject().put("delete_on_termination", true)).status())
                .as("delete_on_termination is 2.79's").isEqualTo(400);
        assertThat(attach(vm, vol, "2.1", new JsonObject().put("device", "/dev/vda")).status())
                .as("the root disk's device").isEqualTo(400);
        VolumeApiTest.assertError(nova("DELETE", "/v2.1/servers/" + vm + "/os-volume_attachments/" + vol, "2.1",
                null), 404, "itemNotFound", "volume_id not found: " + vol);
        assertThat(volumes.awaitStatus(vol, "available").getJsonArray("attachments")).isEmpty();

        assertThat(admin.post("/v2.1/servers/" + vm + "/action", new JsonObject().put("os-resetState",
                new JsonObject().put("state", "error"))).status()).isEqualTo(202);
        VolumeApiTest.assertError(attach(vm, vol, "2.1", new JsonObject()), 409, "conflictingRequest",
                "Cannot 'attach_volume' instance " + vm + " while it is in vm_state error");
        assertThat(volumes.awaitStatus(vol, "available").getString("status")).isEqualTo("available");
    }

    @Test
    void a_key_that_unlocks_nothing_fails_the_attach_as_qemu_does_and_the_volume_is_available_again() throws Exception {
        String vm = boot();
        String vol = volume(luksFile);
        String other = volume(luksFile);
        String ownKey = keyIdOf(vol);
        setKeyId(vol, keyIdOf(other));

        assertThat(attach(vm, vol, "2.1", new JsonObject()).status()).isEqualTo(200);

        server.awaitIdle();
        JsonObject failed = awaitSettled(vol);
        assertThat(failed.getString("status")).isEqualTo("available");
        assertThat(failed.getJsonArray("attachments")).isEmpty();
        assertThat(failed.getString("novalab:error_reason")).contains("Failed to attach volume " + vol)
                .contains("unable to execute QEMU command 'blockdev-add': Invalid password, cannot unlock any keyslot");
        assertThat(Files.readString(state.resolve(vm).resolve("libvirt.xml"))).doesNotContain(vol);
        assertThat(secrets()).doesNotContain(keyIdOf(other));
        assertThat(console(vm)).doesNotContain("sees disk");
        assertThat(nova("GET", "/v2.1/servers/" + vm + "/os-volume_attachments", "2.1", null).json()
                .getJsonArray("volumeAttachments")).isEmpty();

        setKeyId(vol, ownKey);
        assertThat(attach(vm, vol, "2.1", new JsonObject()).status()).isEqualTo(200);
        assertThat(volumes.awaitStatus(vol, "in-use").containsKey("novalab:error_reason")).isFalse();
    }

    @Test
    void a_stopped_server_sees_the_volume_at_start_and_its_delete_frees_or_deletes_its_volumes() throws Exception {
        String vm = boot();
        assertThat(admin.post("/v2.1/servers/" + vm + "/action", new JsonObject().putNull("os-stop")).status())
                .isEqualTo(202);
        admin.awaitStatus(vm, "SHUTOFF");
        String kept = volume(luksRbd);
        String doomed = volume(luksFile);

        assertThat(attach(vm, kept, "2.1", new JsonObject()).status()).isEqualTo(200);
        assertThat(attach(vm, doomed, "2.79", new JsonObject().put("delete_on_termination", true)).json()
                .getJsonObject("volumeAttachment").getString("device")).isEqualTo("/dev/vdc");
        volumes.awaitStatus(kept, "in-use");
        volumes.awaitStatus(doomed, "in-use");
        assertThat(console(vm)).doesNotContain("sees disk");

        assertThat(admin.post("/v2.1/servers/" + vm + "/action", new JsonObject().putNull("os-start")).status())
                .isEqualTo(202);
        admin.awaitStatus(vm, "ACTIVE");
        server.awaitIdle();
        String console = console(vm);
        assertThat(console.substring(console.lastIndexOf("SeaBIOS"))).contains("sees disk vdb (serial " + kept)
                .contains("sees disk vdc (serial " + doomed);

        String keptKey = keyIdOf(kept);
        assertThat(admin.delete("/v2.1/servers/" + vm).status()).isEqualTo(204);
        admin.awaitGone(vm);
        volumes.awaitStatus(kept, "available");
        volumes.awaitGone(doomed);
        assertThat(secrets()).doesNotContain(keptKey);
        try (var key = KeyRows.passphraseOf(state, kept)) {
            assertThat(key.length()).isPositive();
        }
    }

    @Test
    void an_attached_encrypted_volume_is_snapshotted_only_while_its_guest_is_stopped_and_an_attached_file_volume_not()
            throws Exception {
        String vm = boot();
        String sealed = volume(luksRbd);
        String file = volume(luksFile);
        assertThat(attach(vm, sealed, "2.1", new JsonObject()).status()).isEqualTo(200);
        assertThat(attach(vm, file, "2.1", new JsonObject()).status()).isEqualTo(200);
        volumes.awaitStatus(sealed, "in-use");
        volumes.awaitStatus(file, "in-use");

        // CloudStack's rule: snapshots of encrypted volumes are offline only, so the running guest's disk is refused
        VolumeApiTest.assertError(admin.post(v3 + "/snapshots", forcedSnapshot(sealed)), 409, "conflictingRequest",
                "is encrypted and attached to server " + vm + ", whose guest is running");
        // a file volume's snapshot swaps its file: never under an attached guest
        VolumeApiTest.assertError(admin.post(v3 + "/snapshots", forcedSnapshot(file)), 400, "badRequest",
                "lives on the file backend");
        assertThat(admin.get(v3 + "/snapshots").json().getJsonArray("snapshots")).as("nothing was made").isEmpty();

        assertThat(admin.post("/v2.1/servers/" + vm + "/action", new JsonObject().putNull("os-stop")).status())
                .isEqualTo(202);
        admin.awaitStatus(vm, "SHUTOFF");
        String snapshot = VolumeApiTest.created(admin.post(v3 + "/snapshots", forcedSnapshot(sealed)), 202,
                "snapshot").getString("id");
        assertThat(volumes.awaitSnapshot(snapshot, "available").getString("volume_id")).isEqualTo(sealed);
        VolumeApiTest.assertError(admin.post(v3 + "/snapshots", forcedSnapshot(file)), 400, "badRequest",
                "lives on the file backend");

        assertThat(admin.delete(v3 + "/snapshots/" + snapshot).status()).isEqualTo(202);
        volumes.awaitSnapshotGone(snapshot);
    }

    private static JsonObject forcedSnapshot(String volume) {
        return new JsonObject().put("snapshot", new JsonObject().put("volume_id", volume).put("force", true));
    }

    private static String boot() throws Exception {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "s")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }

    private static String volume(String type) throws Exception {
        String id = VolumeApiTest.created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject()
                .put("size", 1).put("volume_type", type))), 202, "volume").getString("id");
        volumes.awaitStatus(id, "available");
        return id;
    }

    private static Api.Response attach(String vm, String vol, String version, JsonObject extra) {
        JsonObject body = new JsonObject().put("volumeId", vol).mergeIn(extra);
        return nova("POST", "/v2.1/servers/" + vm + "/os-volume_attachments", version,
                new JsonObject().put("volumeAttachment", body).encode());
    }

    private static Api.Response nova(String method, String path, String version, String body) {
        return admin.send(method, path, body, Map.of("X-OpenStack-Nova-API-Version", version));
    }

    private static String console(String vm) {
        return admin.post("/v2.1/servers/" + vm + "/action", new JsonObject().put("os-getConsoleOutput",
                new JsonObject())).json().getString("output");
    }

    private static String secrets() {
        return admin.get(VirshRoutes.PREFIX + "/secrets").body();
    }

    private static java.util.List<String> events(String vm) {
        return admin.get("/v2.1/servers/" + vm + "/os-instance-actions").json().getJsonArray("instanceActions")
                .stream().map(o -> ((JsonObject) o).getString("action")).toList();
    }

    /** Waits until the volume is no longer attaching. */
    private static JsonObject awaitSettled(String vol) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonObject v = admin.get(v3 + "/volumes/" + vol).json().getJsonObject("volume");
            if (!v.getString("status").equals("attaching")) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("volume " + vol + " stayed attaching");
    }

    private static String keyIdOf(String vol) throws Exception {
        DatabaseConfig db = EmbeddedDatabase.open(state);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement q = c.prepareStatement("SELECT encryption_key_id FROM volumes WHERE id = ?")) {
            q.setString(1, vol);
            try (ResultSet rows = q.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    /** What a key manager mix-up would do: the volume names another volume's passphrase. */
    private static void setKeyId(String vol, String key) throws Exception {
        DatabaseConfig db = EmbeddedDatabase.open(state);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement q = c.prepareStatement("UPDATE volumes SET encryption_key_id = ? WHERE id = ?")) {
            q.setString(1, key);
            q.setString(2, vol);
            assertThat(q.executeUpdate()).isEqualTo(1);
        }
    }
}
