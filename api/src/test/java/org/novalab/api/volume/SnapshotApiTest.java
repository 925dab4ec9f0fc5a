package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.volume.VolumeApiTest.assertError;
import static org.novalab.api.volume.VolumeApiTest.created;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.volume.FileVolumeBackend;
import org.novalab.compute.volume.RbdVolumeBackend;
import org.novalab.compute.volume.VolumeBackend;
import org.novalab.disk.Passphrase;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * Cinder's snapshots, revert (3.40) and volumes from a snapshot or a volume, on both backends: the states, views and
 * errors Cinder answers, and what each does on disk (copy-on-write in the pool or a qcow2 chain; a clone reads the
 * source's bytes at snapshot time; a revert restores them; an encrypted clone opens with a key of its own).
 */
class SnapshotApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static String v3;
    static VolumeCalls volumes;
    static Pool pool;
    static RbdVolumeBackend rbd;
    static FileVolumeBackend file;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        volumes = VolumeCalls.asAdmin(server.baseUrl());
        admin = volumes.api();
        v3 = volumes.v3();
        volumes.encryptedType("snap-luks-rbd", "rbd");
        volumes.encryptedType("snap-luks-file", "file");
        created(admin.post(v3 + "/types", new JsonObject().put("volume_type", new JsonObject().put("name",
                "snap-file").put("extra_specs", new JsonObject().put("volume_backend_name", "file")))), 200,
                "volume_type");
        pool = DirectoryCluster.open(state.resolve("pool")).createPool("volumes");
        rbd = new RbdVolumeBackend(pool);
        file = new FileVolumeBackend(state.resolve("volumes"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_snapshot_is_created_listed_filtered_shown_updated_and_deleted_with_cinders_fields() throws Exception {
        String vol = volume(null, 1, null);
        Api.Response r = admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol).put("name", "s1").put("description", "first")
                .put("metadata", new JsonObject().put("k", "v"))));
        JsonObject snap = created(r, 202, "snapshot");
        assertThat(snap.getString("status")).isEqualTo("creating");
        String id = snap.getString("id");
        JsonObject shown = volumes.awaitSnapshot(id, "available");
        assertThat(shown.getString("volume_id")).isEqualTo(vol);
        assertThat(shown.getInteger("size")).isEqualTo(1);
        assertThat(shown.getJsonObject("metadata").getString("k")).isEqualTo("v");
        assertThat(shown.getString("os-extended-snapshot-attributes:progress")).isEqualTo("100%");
        assertThat(shown.containsKey("user_id")).as("3.41's field at 3.0").isFalse();
        JsonObject latest = mv("GET", v3 + "/snapshots/" + id, "3.65", null).json().getJsonObject("snapshot");
        assertThat(latest.getString("user_id")).isNotBlank();
        assertThat(latest.containsKey("group_snapshot_id")).isTrue();
        assertThat(latest.getBoolean("consumes_quota")).isTrue();

        // in the pool: an RBD snapshot of volumes/volume-<id>, protected (Cinder's RBD driver's name)
        try (var image = pool.open(VolumeBackend.imageName(vol))) {
            assertThat(image.listSnaps()).extracting(s -> s.name()).containsExactly("snapshot-" + id);
            assertThat(image.isProtectedSnap("snapshot-" + id)).isTrue();
        }

        String other = created(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol).put("name", "s2"))), 202, "snapshot").getString("id");
        volumes.awaitSnapshot(other, "available");
        JsonArray byName = admin.get(v3 + "/snapshots?name=s1").json().getJsonArray("snapshots");
        assertThat(byName).hasSize(1);
        assertThat(byName.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "created_at", "updated_at",
                "name", "description", "volume_id", "status", "size", "metadata");
        assertThat(admin.get(v3 + "/snapshots/detail?volume_id=" + vol + "&status=available").json()
                .getJsonArray("snapshots")).hasSize(2);
        JsonObject page = admin.get(v3 + "/snapshots?volume_id=" + vol + "&limit=1").json();
        assertThat(page.getJsonArray("snapshots").getJsonObject(0).getString("id")).isEqualTo(other);
        assertThat(page.getJsonArray("snapshots_links").getJsonObject(0).getString("href"))
                .endsWith("/snapshots?limit=1&marker=" + other);
        assertThat(admin.get(v3 + "/snapshots?volume_id=" + vol + "&limit=1&marker=" + other).json()
                .getJsonArray("snapshots").getJsonObject(0).getString("id")).isEqualTo(id);

        JsonObject renamed = mv("PUT", v3 + "/snapshots/" + id, "3.0", new JsonObject().put("snapshot", new JsonObject()
                .put("name", "renamed"))).json().getJsonObject("snapshot");
        assertThat(renamed.getString("name")).isEqualTo("renamed");

        // a volume with snapshots is not deleted (Cinder's 400) unless cascade=true
        assertError(admin.delete(v3 + "/volumes/" + vol), 400, "badRequest", "have snapshots");
        assertThat(admin.delete(v3 + "/snapshots/" + other).status()).isEqualTo(202);
        volumes.awaitSnapshotGone(other);
        assertThat(admin.delete(v3 + "/volumes/" + vol + "?cascade=true").status()).isEqualTo(202);
        volumes.awaitGone(vol);
        assertThat(admin.get(v3 + "/snapshots/" + id).status()).isEqualTo(404);
        assertThat(pool.exists(VolumeBackend.imageName(vol))).isFalse();
    }

    @Test
    void cinders_refusals_of_a_snapshot_create_and_delete() throws Exception {
        assertError(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", "0d0e6e5a-1111-4aaa-8bbb-000000000000"))), 404, "itemNotFound", "could not be found");
        String vol = volume(null, 1, null);
        // an in-use volume needs force=true (before 3.66); force=false at 3.66 is refused
        setVolumeStatus(vol, "in-use");
        assertError(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol))), 400, "badRequest", "status must be available, but current status is: "
                + "in-use");
        String forced = created(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol).put("force", "true"))), 202, "snapshot").getString("id");
        volumes.awaitSnapshot(forced, "available");
        assertError(mv("POST", v3 + "/snapshots", "3.66", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol).put("force", false))), 400, "badRequest", "the 'force' flag is invalid");
        assertError(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol).put("force", "maybe"))), 400, "badRequest", "force");
        setVolumeStatus(vol, "error");
        assertError(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol).put("force", true))), 400, "badRequest", "in error status");
        setVolumeStatus(vol, "available");

        // quotas: the snapshot count, and its size against the gigabytes
        String project = v3.substring(v3.lastIndexOf('/') + 1);
        JsonObject usage = admin.get(v3 + "/os-quota-sets/" + project + "?usage=true").json()
                .getJsonObject("quota_set");
        int held = usage.getJsonObject("snapshots").getInteger("in_use");
        assertThat(held).isPositive();
        assertThat(usage.getJsonObject("gigabytes").getInteger("in_use")).as("a snapshot's size counts")
                .isGreaterThanOrEqualTo(2);
        Api.Response set = mv("PUT", v3 + "/os-quota-sets/" + project, "3.0", new JsonObject().put("quota_set",
                new JsonObject().put("snapshots", held)));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        try {
            assertError(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                    .put("volume_id", vol))), 413, "overLimit", "Maximum number of snapshots allowed (" + held
                    + ") exceeded");
        } finally {
            admin.delete(v3 + "/os-quota-sets/" + project);
        }
        assertThat(admin.delete(v3 + "/volumes/" + vol + "?cascade=true").status()).isEqualTo(202);
        volumes.awaitGone(vol);
    }

    @Test
    void a_revert_restores_the_latest_snapshots_bytes_on_rbd_and_refuses_an_older_one() throws Exception {
        revertRestoresBytes("snap-luks-rbd", rbd);
    }

    @Test
    void a_revert_restores_the_latest_snapshots_bytes_on_a_file_chain() throws Exception {
        revertRestoresBytes("snap-luks-file", file);
    }

    private void revertRestoresBytes(String type, VolumeBackend backend) throws Exception {
        String vol = volume(type, 1, null);
        write(backend, vol, 4096, "before the snapshot");
        String s1 = snapshot(vol);
        write(backend, vol, 4096, "after the first one");
        String s2 = snapshot(vol);
        write(backend, vol, 4096, "written after both!");

        JsonObject revertS1 = new JsonObject().put("revert", new JsonObject().put("snapshot_id", s1));
        assertError(mv("POST", v3 + "/volumes/" + vol + "/action", "3.39", revertS1), 404, "itemNotFound", "3.40");
        assertError(mv("POST", v3 + "/volumes/" + vol + "/action", "3.40", revertS1), 400, "badRequest",
                "is None or not the latest one of volume " + vol);
        Api.Response ok = mv("POST", v3 + "/volumes/" + vol + "/action", "3.40", new JsonObject().put("revert",
                new JsonObject().put("snapshot_id", s2)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        volumes.awaitStatus(vol, "available");
        volumes.awaitSnapshot(s2, "available");
        assertThat(read(backend, vol, 4096, 19)).isEqualTo("after the first one");

        // a volume not available is Cinder's 409
        setVolumeStatus(vol, "in-use");
        assertError(mv("POST", v3 + "/volumes/" + vol + "/action", "3.40", new JsonObject().put("revert",
                new JsonObject().put("snapshot_id", s2))), 409, "conflictingRequest", "status must be 'available'");
        setVolumeStatus(vol, "available");

        // deleting the latest, then the older one reverts: merging keeps what the volume reads
        assertThat(admin.delete(v3 + "/snapshots/" + s2).status()).isEqualTo(202);
        volumes.awaitSnapshotGone(s2);
        assertThat(read(backend, vol, 4096, 19)).isEqualTo("after the first one");
        assertThat(mv("POST", v3 + "/volumes/" + vol + "/action", "3.40", revertS1).status()).isEqualTo(202);
        volumes.awaitStatus(vol, "available");
        assertThat(read(backend, vol, 4096, 19)).isEqualTo("before the snapshot");
        assertThat(admin.delete(v3 + "/volumes/" + vol + "?cascade=true").status()).isEqualTo(202);
        volumes.awaitGone(vol);
    }

    @Test
    void volumes_from_a_snapshot_and_from_a_volume_are_clones_that_read_the_sources_bytes_rbd() throws Exception {
        clonesReadTheSource("snap-luks-rbd", "__DEFAULT__", rbd);
    }

    @Test
    void volumes_from_a_snapshot_and_from_a_volume_are_clones_that_read_the_sources_bytes_file() throws Exception {
        clonesReadTheSource("snap-luks-file", "snap-file", file);
    }

    private void clonesReadTheSource(String type, String plainType, VolumeBackend backend) throws Exception {
        String vol = volume(type, 1, null);
        write(backend, vol, 8192, "the snapshot's bytes");
        String snap = snapshot(vol);
        write(backend, vol, 8192, "the source, changed!");

        assertError(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("snapshot_id",
                snap).put("size", 1).put("volume_type", plainType))), 400, "badRequest", "keeps the source's encryption");
        JsonObject fromSnap = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject()
                .put("snapshot_id", snap).put("size", 2))), 202, "volume");
        assertThat(fromSnap.getString("snapshot_id")).isEqualTo(snap);
        String c1 = fromSnap.getString("id");
        assertThat(volumes.awaitStatus(c1, "available").getBoolean("encrypted")).isTrue();
        assertThat(read(backend, c1, 8192, 20)).isEqualTo("the snapshot's bytes");
        try (Passphrase key = KeyRows.passphraseOf(state, c1); var device = backend.open(c1, Optional.of(key),
                false)) {
            assertThat(device.size()).isEqualTo(2L << 30);
        }

        String c2 = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject()
                .put("source_volid", vol))), 202, "volume").getString("id");
        JsonObject clone = volumes.awaitStatus(c2, "available");
        assertThat(clone.getString("source_volid")).isEqualTo(vol);
        assertThat(clone.getInteger("size")).isEqualTo(1);
        assertThat(read(backend, c2, 8192, 20)).isEqualTo("the source, changed!");
        // the clone's key is its own (a copy): its id differs from the source's and it is deleted with the clone
        assertThat(keyId(c2)).isNotEqualTo(keyId(vol));
        write(backend, c2, 8192, "the clone writes its");
        assertThat(read(backend, vol, 8192, 20)).isEqualTo("the source, changed!");

        assertError(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("snapshot_id",
                snap).put("size", 0))), 400, "badRequest", "minimum of 1");
        assertError(admin.delete(v3 + "/snapshots/" + snap), 400, "badRequest", "is busy");
        assertError(admin.delete(v3 + "/volumes/" + vol + "?cascade=true"), 400, "badRequest", "clones");

        admin.delete(v3 + "/volumes/" + c1);
        admin.delete(v3 + "/volumes/" + c2);
        volumes.awaitGone(c1);
        volumes.awaitGone(c2);
        assertThat(KeyRows.owned(state, c2)).isZero();
        assertThat(read(backend, vol, 8192, 20)).isEqualTo("the source, changed!");
        assertThat(backend.hasSnapshot(vol, VolumeBackend.cloneSnapshotName(c2))).isFalse();
        assertThat(admin.delete(v3 + "/volumes/" + vol + "?cascade=true").status()).isEqualTo(202);
        volumes.awaitGone(vol);
        assertThat(KeyRows.owned(state, vol)).isZero();
        if (backend == file) {
            try (var left = Files.list(state.resolve("volumes"))) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(vol));
            }
        }
    }

    // ---- helpers ----

    private static String volume(String type, int size, String snapshot) throws Exception {
        JsonObject v = new JsonObject().put("size", size);
        if (type != null) {
            v.put("volume_type", type);
        }
        String id = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", v)), 202, "volume")
                .getString("id");
        volumes.awaitStatus(id, "available");
        return id;
    }

    private static String snapshot(String vol) throws Exception {
        String id = created(admin.post(v3 + "/snapshots", new JsonObject().put("snapshot", new JsonObject()
                .put("volume_id", vol))), 202, "snapshot").getString("id");
        volumes.awaitSnapshot(id, "available");
        return id;
    }

    private static void write(VolumeBackend backend, String vol, long offset, String text) throws Exception {
        try (Passphrase key = KeyRows.passphraseOf(state, vol); var device = backend.open(vol, Optional.of(key),
                true)) {
            device.write(offset, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            device.flush();
        }
    }

    private static String read(VolumeBackend backend, String vol, long offset, int length) throws Exception {
        try (Passphrase key = KeyRows.passphraseOf(state, vol); var device = backend.open(vol, Optional.of(key),
                false)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            device.read(offset, b);
            return new String(b.array(), StandardCharsets.US_ASCII);
        }
    }

    private static String keyId(String vol) throws Exception {
        return sql("SELECT encryption_key_id FROM volumes WHERE id = '" + vol + "'");
    }

    private static void setVolumeStatus(String vol, String status) throws Exception {
        sql("UPDATE volumes SET status = '" + status + "' WHERE id = '" + vol + "'");
    }

    private static String sql(String statement) throws Exception {
        var db = org.novalab.api.persistence.EmbeddedDatabase.open(state);
        try (var c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
             var st = c.createStatement()) {
            if (st.execute(statement)) {
                var rows = st.getResultSet();
                return rows.next() ? rows.getString(1) : null;
            }
            return null;
        }
    }

    private static Api.Response mv(String method, String path, String version, JsonObject body) {
        return admin.send(method, path, body == null ? null : body.encode(), Map.of("OpenStack-API-Version",
                "volume " + version));
    }
}
