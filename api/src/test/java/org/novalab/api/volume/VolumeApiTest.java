package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Cinder's v3 API as the openstack client and Tempest call it: catalog, versions, types, encryption, volumes. */
class VolumeApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static String project;
    static String v3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        VolumeCalls calls = VolumeCalls.asAdmin(server.baseUrl());
        admin = calls.api();
        v3 = calls.v3();
        project = v3.substring(v3.lastIndexOf('/') + 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_catalog_names_volumev3_and_block_storage_at_this_server_for_the_tokens_project() {
        JsonArray catalog = Api.anonymous(server.baseUrl()).send("POST", "/identity/v3/auth/tokens",
                Api.passwordAuth("admin", TestServers.ADMIN_PASSWORD, "demo"), Map.of()).json()
                .getJsonObject("token").getJsonArray("catalog");
        for (String type : List.of("volumev3", "block-storage")) {
            JsonObject service = catalog.stream().map(o -> (JsonObject) o).filter(s -> s.getString("type")
                    .equals(type)).findFirst().orElseThrow();
            assertThat(service.getJsonArray("endpoints")).hasSize(3).allSatisfy(e -> assertThat(
                    ((JsonObject) e).getString("url")).isEqualTo(server.baseUrl() + "/volume/v3/" + project));
        }
        assertThat(project).matches("[0-9a-f]{32}");
    }

    @Test
    void versions_and_microversions_are_answered_as_cinder_answers_them() {
        Api.Response root = Api.anonymous(server.baseUrl()).get("/volume/");
        assertThat(root.status()).isEqualTo(300);
        JsonObject version = root.json().getJsonArray("versions").getJsonObject(0);
        assertThat(version.getString("id")).isEqualTo("v3.0");
        assertThat(version.getString("min_version")).isEqualTo("3.0");
        assertThat(version.getString("version")).isEqualTo("3.70");
        assertThat(Api.anonymous(server.baseUrl()).get("/volume/v3/").status()).isEqualTo(200);

        Api.Response plain = admin.get(v3 + "/types");
        assertThat(plain.header("OpenStack-API-Version")).isEqualTo("volume 3.0");
        assertThat(plain.header("Vary")).isEqualTo("OpenStack-API-Version");
        Api.Response latest = admin.send("GET", v3 + "/types", null, Map.of("OpenStack-API-Version", "volume latest"));
        assertThat(latest.header("OpenStack-API-Version")).isEqualTo("volume 3.70");
        Api.Response tooNew = admin.send("GET", v3 + "/types", null, Map.of("OpenStack-API-Version", "volume 3.99"));
        assertThat(tooNew.status()).isEqualTo(406);
        // Cinder names no 406 fault: it is a computeFault
        assertThat(tooNew.json().getJsonObject("computeFault").getInteger("code")).isEqualTo(406);
        assertThat(tooNew.body()).contains("Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is "
                + "3.70.");
        // another project's URL is refused, as Cinder does
        Api.Response other = admin.get("/volume/v3/0123456789abcdef0123456789abcdef/volumes");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().getJsonObject("badRequest").getString("message")).isEqualTo("Malformed request url");
        assertThat(Api.anonymous(server.baseUrl()).get(v3 + "/volumes").status()).isEqualTo(401);
    }

    @Test
    void an_encrypted_type_is_created_with_its_spec_listed_shown_and_refused_when_malformed() {
        JsonObject type = created(admin.post(v3 + "/types", new JsonObject().put("volume_type", new JsonObject()
                .put("name", "LUKS-api").put("description", "encrypted").put("os-volume-type-access:is_public", true)
                .put("extra_specs", new JsonObject().put("volume_backend_name", "file")))), 200, "volume_type");
        String id = type.getString("id");
        assertThat(type.getJsonObject("extra_specs").getString("volume_backend_name")).isEqualTo("file");
        JsonObject encryption = created(admin.post(v3 + "/types/" + id + "/encryption", luks()), 200, "encryption");
        assertThat(encryption.getString("provider")).isEqualTo("luks");
        assertThat(encryption.getInteger("key_size")).isEqualTo(256);
        JsonObject shown = admin.get(v3 + "/types/" + id + "/encryption").json();
        assertThat(shown.getString("cipher")).isEqualTo("aes-xts-plain64");
        assertThat(shown.getString("control_location")).isEqualTo("front-end");
        assertThat(shown.getString("volume_type_id")).isEqualTo(id);
        assertThat(admin.get(v3 + "/types/" + id + "/encryption/provider").json().getString("provider"))
                .isEqualTo("luks");
        assertThat(admin.get(v3 + "/types").json().getJsonArray("volume_types").stream()
                .map(t -> ((JsonObject) t).getString("name"))).contains("LUKS-api", "__DEFAULT__");
        assertThat(admin.post(v3 + "/types/" + id + "/encryption", luks()).status()).isEqualTo(409);

        assertError(admin.post(v3 + "/types", new JsonObject().put("volume_type", new JsonObject()
                .put("name", "LUKS-api"))), 409, "conflictingRequest", "Volume Type LUKS-api already exists.");
        assertError(admin.post(v3 + "/types", new JsonObject().put("volume_type", new JsonObject().put("name", "nb")
                .put("extra_specs", new JsonObject().put("volume_backend_name", "nfs")))), 400, "badRequest", "nfs");
        String plain = created(admin.post(v3 + "/types", new JsonObject().put("volume_type",
                new JsonObject().put("name", "plain-cipher"))), 200, "volume_type").getString("id");
        assertError(admin.post(v3 + "/types/" + plain + "/encryption", new JsonObject().put("encryption",
                new JsonObject().put("provider", "luks").put("cipher", "aes-cbc-essiv:sha256"))), 400, "badRequest",
                "aes-xts-plain64");
        assertError(admin.post(v3 + "/types/" + plain + "/encryption", new JsonObject().put("encryption",
                new JsonObject().put("provider", "luks").put("key_size", 128))), 400, "badRequest", "key_size");
        assertThat(admin.get(v3 + "/types/" + plain + "/encryption").json().isEmpty()).isTrue();
        assertThat(admin.delete(v3 + "/types/" + plain).status()).isEqualTo(202);
        assertError(admin.get(v3 + "/types/" + plain), 404, "itemNotFound", "could not be found");
    }

    @Test
    void an_encrypted_volume_is_created_listed_shown_updated_extended_and_deleted_with_its_key() throws Exception {
        String type = encryptedType("LUKS-volumes", "rbd");
        JsonObject created = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject()
                .put("size", 1).put("volume_type", "LUKS-volumes").put("name", "v1")
                .put("metadata", new JsonObject().put("purpose", "test")))), 202, "volume");
        String id = created.getString("id");
        assertThat(created.getString("status")).isIn("creating", "available");
        JsonObject volume = awaitStatus(id, "available");
        assertThat(volume.getBoolean("encrypted")).isTrue();
        assertThat(volume.getInteger("size")).isEqualTo(1);
        assertThat(volume.getString("volume_type")).isEqualTo("LUKS-volumes");
        assertThat(volume.getJsonObject("metadata").getString("purpose")).isEqualTo("test");
        assertThat(volume.encode()).doesNotContain("passphrase");
        // the image in the pool, its passphrase in the key manager, owned by the volume
        Path image = state.resolve("pool/volumes");
        assertThat(Files.list(image).map(p -> p.getFileName().toString())).contains("rbd_id.volume-" + id);
        assertThat(passphraseRows(id)).isEqualTo(1);

        JsonArray detail = admin.get(v3 + "/volumes/detail?name=v1").json().getJsonArray("volumes");
        assertThat(detail).hasSize(1);
        assertThat(detail.getJsonObject(0).getString("id")).isEqualTo(id);
        assertThat(admin.get(v3 + "/volumes?status=error").json().getJsonArray("volumes").stream()
                .map(v -> ((JsonObject) v).getString("id"))).doesNotContain(id);
        assertThat(admin.get(v3 + "/volumes").json().getJsonArray("volumes").getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("id", "name", "links");

        JsonObject updated = admin.send("PUT", v3 + "/volumes/" + id, new JsonObject().put("volume",
                new JsonObject().put("name", "v1-renamed").put("description", "d")).encode(), Map.of()).json()
                .getJsonObject("volume");
        assertThat(updated.getString("name")).isEqualTo("v1-renamed");
        assertThat(updated.getString("description")).isEqualTo("d");

        JsonObject merged = admin.post(v3 + "/volumes/" + id + "/metadata", new JsonObject().put("metadata",
                new JsonObject().put("tier", "gold"))).json().getJsonObject("metadata");
        assertThat(merged.getMap()).containsOnlyKeys("purpose", "tier");
        assertThat(admin.get(v3 + "/volumes/" + id + "/metadata/tier").json().getJsonObject("meta").getString("tier"))
                .isEqualTo("gold");
        assertThat(admin.delete(v3 + "/volumes/" + id + "/metadata/tier").status()).isEqualTo(200);
        assertThat(admin.get(v3 + "/volumes/" + id + "/metadata").json().getJsonObject("metadata").getMap())
                .containsOnlyKeys("purpose");
        assertError(admin.delete(v3 + "/volumes/" + id + "/metadata/tier"), 404, "itemNotFound", "tier");

        assertError(admin.post(v3 + "/volumes/" + id + "/action", new JsonObject().put("os-extend",
                new JsonObject().put("new_size", 1))), 400, "badRequest", "New size for extend must be greater than "
                + "current size. (current: 1, extended: 1).");
        assertThat(admin.post(v3 + "/volumes/" + id + "/action", new JsonObject().put("os-extend",
                new JsonObject().put("new_size", 2))).status()).isEqualTo(202);
        assertThat(awaitStatus(id, "available").getInteger("size")).isEqualTo(2);

        assertThat(admin.delete(v3 + "/volumes/" + id).status()).isEqualTo(202);
        awaitGone(id);
        assertThat(passphraseRows(id)).isZero();
        assertThat(Files.list(image).map(p -> p.getFileName().toString())).doesNotContain("rbd_id.volume-" + id);
        assertThat(type).isNotBlank();
    }

    @Test
    void bad_creates_are_refused_with_cinders_errors_and_leave_nothing() {
        long before = admin.get(v3 + "/volumes").json().getJsonArray("volumes").size();
        assertError(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 0))),
                400, "badRequest", "0 is less than the minimum of 1");
        assertError(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("volume_type", "no-such-type"))), 404, "itemNotFound",
                "Volume type with name no-such-type could not be found.");
        assertError(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", "x"))),
                400, "badRequest", "size");
        assertError(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("snapshot_id", "abc"))), 404, "itemNotFound", "Snapshot abc could not be found.");
        assertError(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("imageRef", "00000000-0000-0000-0000-000000000000"))), 400, "badRequest", "Invalid image");
        assertError(admin.post(v3 + "/volumes", "not json"), 400, "badRequest", "JSON");
        assertError(admin.get(v3 + "/volumes/00000000-0000-0000-0000-000000000000"), 404, "itemNotFound",
                "Volume 00000000-0000-0000-0000-000000000000 could not be found.");
        assertThat(admin.get(v3 + "/volumes").json().getJsonArray("volumes").size()).isEqualTo(before);
    }

    @Test
    void a_volume_from_the_fixture_image_on_the_file_backend_holds_the_image_decrypted_by_its_key() throws Exception {
        encryptedType("LUKS-file", "file");
        String id = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("volume_type", "LUKS-file").put("imageRef", TestServers.CIRROS).put("name", "boot"))), 202,
                "volume").getString("id");
        JsonObject volume = awaitStatus(id, "available");
        assertThat(volume.getString("bootable")).isEqualTo("true");
        Path file = state.resolve("volumes/volume-" + id);
        assertThat(file).exists();
        // qcow2 with LUKS inside, never the image's plaintext
        byte[] head = Files.readAllBytes(file);
        assertThat(new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("QFI\u00fb");
        assertThat(indexOf(head, org.novalab.fixture.FixtureGuest.BANNER.substring(0, 20).getBytes())).isEqualTo(-1);
        assertThat(admin.delete(v3 + "/volumes/" + id).status()).isEqualTo(202);
        awaitGone(id);
        assertThat(file).doesNotExist();
        assertThat(passphraseRows(id)).isZero();
    }

    @Test
    void a_volume_from_a_qcow2_image_holds_the_images_guest_bytes_not_its_qcow2_layout() throws Exception {
        Path qcow2 = state.resolve("guest.qcow2");
        byte[] sector = "a qcow2 image's guest data at 1 MiB".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        org.novalab.disk.Disks.java().create(qcow2, org.novalab.disk.CreateOptions.qcow2(8L << 20));
        try (var device = org.novalab.disk.Disks.open(qcow2, org.novalab.disk.ImageFormat.QCOW2,
                org.novalab.disk.KeyLookup.NONE, true)) {
            device.write(1L << 20, java.nio.ByteBuffer.wrap(sector));
        }
        String image = TestServers.uploadImage(admin, "small-qcow2", "qcow2", Files.readAllBytes(qcow2), Map.of());
        created(admin.post(v3 + "/types", new JsonObject().put("volume_type", new JsonObject().put("name", "files")
                .put("extra_specs", new JsonObject().put("volume_backend_name", "file")))), 200, "volume_type");
        String id = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("volume_type", "files").put("imageRef", image))), 202, "volume").getString("id");
        awaitStatus(id, "available");
        Path file = state.resolve("volumes/volume-" + id);
        try (var volume = org.novalab.disk.Disks.open(file, org.novalab.disk.ImageFormat.QCOW2,
                org.novalab.disk.KeyLookup.NONE, false)) {
            assertThat(volume.size()).isEqualTo(1L << 30);
            java.nio.ByteBuffer back = java.nio.ByteBuffer.allocate(sector.length);
            volume.read(1L << 20, back);
            assertThat(back.array()).isEqualTo(sector);
            java.nio.ByteBuffer first = java.nio.ByteBuffer.allocate(4);
            volume.read(0, first);
            assertThat(first.array()).containsOnly(0);
        }
        assertThat(admin.delete(v3 + "/volumes/" + id).status()).isEqualTo(202);
        awaitGone(id);
    }

    @Test
    void a_create_that_fails_on_the_backend_ends_in_error_with_its_reason_and_leaves_no_disk_and_no_key()
            throws Exception {
        // an encrypted qcow2 image whose key novalab does not hold: the copy cannot read it
        Path locked = state.resolve("locked.qcow2");
        try (org.novalab.disk.Passphrase foreign = org.novalab.disk.Passphrase.of("a key nobody gave novalab")) {
            org.novalab.disk.Disks.java().create(locked, org.novalab.disk.CreateOptions.qcow2(4L << 20).withEncryption(
                    org.novalab.disk.EncryptionSpec.luks(foreign, org.novalab.disk.LuksParams.withIterations(1000))));
        }
        String image = TestServers.uploadImage(admin, "locked-qcow2", "qcow2", Files.readAllBytes(locked), Map.of());
        encryptedType("LUKS-failing", "file");
        String id = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("volume_type", "LUKS-failing").put("imageRef", image))), 202, "volume").getString("id");
        JsonObject failed = awaitStatus(id, "error");
        assertThat(failed.getString("novalab:error_reason")).isEqualTo("create failed: image " + image
                + " is encrypted and novalab holds no key for it");
        assertThat(failed.getBoolean("encrypted")).isFalse();
        assertThat(state.resolve("volumes/volume-" + id)).doesNotExist();
        assertThat(passphraseRows(id)).isZero();
        try (var scratch = Files.list(state.resolve("volumes"))) {
            assertThat(scratch.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".image-"));
        }
        assertThat(admin.delete(v3 + "/volumes/" + id).status()).isEqualTo(202);
        awaitGone(id);
    }

    @Test
    void the_volume_opens_with_the_passphrase_the_key_manager_keeps_for_it_which_no_answer_shows()
            throws Exception {
        encryptedType("LUKS-keyed", "rbd");
        String id = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("volume_type", "LUKS-keyed"))), 202, "volume").getString("id");
        awaitStatus(id, "available");
        var backend = new org.novalab.compute.volume.RbdVolumeBackend(
                org.novalab.storage.directory.DirectoryCluster.open(state.resolve("pool")).createPool("volumes"));
        try (org.novalab.disk.Passphrase key = KeyRows.passphraseOf(state, id)) {
            try (var device = backend.open(id, java.util.Optional.of(key), false)) {
                assertThat(device.size()).isEqualTo(1L << 30);
            }
            // os-extend: the guest sees exactly the new size, the LUKS header kept out of it
            assertThat(admin.post(v3 + "/volumes/" + id + "/action", new JsonObject().put("os-extend",
                    new JsonObject().put("new_size", 3))).status()).isEqualTo(202);
            assertThat(awaitStatus(id, "available").getInteger("size")).isEqualTo(3);
            try (var device = backend.open(id, java.util.Optional.of(key), false)) {
                assertThat(device.size()).isEqualTo(3L << 30);
            }
            String text = new String(key.bytes(), java.nio.charset.StandardCharsets.US_ASCII);
            for (String path : List.of("/volumes/" + id, "/volumes/detail", "/volumes/" + id + "/metadata")) {
                assertThat(admin.get(v3 + path).body()).doesNotContain(text);
            }
        }
        try (org.novalab.disk.Passphrase wrong = org.novalab.disk.Passphrase.of("guess")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.open(id, java.util.Optional.of(wrong),
                    false)).isInstanceOf(org.novalab.disk.InvalidPassphrase.class);
        }
        admin.delete(v3 + "/volumes/" + id);
        awaitGone(id);
    }

    @Test
    void a_volume_from_the_fixture_image_in_the_pool_boots_the_same_bytes_through_its_own_key() throws Exception {
        encryptedType("LUKS-boot", "rbd");
        String id = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("volume_type", "LUKS-boot").put("imageRef", TestServers.CIRROS))), 202, "volume").getString("id");
        awaitStatus(id, "available");
        var pool = org.novalab.storage.directory.DirectoryCluster.open(state.resolve("pool")).createPool("volumes");
        var backend = new org.novalab.compute.volume.RbdVolumeBackend(pool);
        try (org.novalab.disk.Passphrase key = KeyRows.passphraseOf(state, id);
             var device = backend.open(id, java.util.Optional.of(key), false)) {
            java.nio.ByteBuffer sector0 = java.nio.ByteBuffer.allocate(512);
            device.read(0, sector0);
            assertThat(sector0.array()).isEqualTo(org.novalab.fixture.FixtureGuest.bootSector());
            // the guest's disk is the volume's size exactly, the LUKS header outside it
            assertThat(device.size()).isEqualTo(1L << 30);
        }
        // the pool holds ciphertext: no object shows the boot sector
        byte[] boot = org.novalab.fixture.FixtureGuest.bootSector();
        try (var image = pool.open("volume-" + id)) {
            for (String object : pool.dataObjects(image.stat())) {
                assertThat(indexOf(pool.read(object), java.util.Arrays.copyOf(boot, 64))).isEqualTo(-1);
            }
        }
        admin.delete(v3 + "/volumes/" + id);
        awaitGone(id);
    }

    @Test
    void a_paged_list_links_to_the_next_page_by_marker() throws Exception {
        String a = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("name", "page-a"))), 202, "volume").getString("id");
        String b = created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("name", "page-b"))), 202, "volume").getString("id");
        awaitStatus(a, "available");
        awaitStatus(b, "available");
        JsonObject first = admin.get(v3 + "/volumes/detail?limit=1").json();
        assertThat(first.getJsonArray("volumes")).hasSize(1);
        String next = first.getJsonArray("volumes_links").getJsonObject(0).getString("href");
        String marker = first.getJsonArray("volumes").getJsonObject(0).getString("id");
        assertThat(next).contains("marker=" + marker);
        JsonArray second = admin.get(v3 + "/volumes/detail?limit=1&marker=" + marker).json().getJsonArray("volumes");
        assertThat(second.getJsonObject(0).getString("id")).isNotEqualTo(marker);
        assertThat(admin.get(v3 + "/volumes/detail?marker=nope").status()).isEqualTo(404);
        admin.delete(v3 + "/volumes/" + a);
        admin.delete(v3 + "/volumes/" + b);
        awaitGone(a);
        awaitGone(b);
    }

    // ---- helpers ----

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static JsonObject luks() {
        return new JsonObject().put("encryption", new JsonObject().put("provider", "luks")
                .put("cipher", "aes-xts-plain64").put("key_size", 256).put("control_location", "front-end"));
    }

    static String encryptedType(String name, String backend) {
        return new VolumeCalls(admin, v3).encryptedType(name, backend);
    }

    static JsonObject created(Api.Response r, int status, String member) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.json().getJsonObject(member);
    }

    static void assertError(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonObject error = r.json().getJsonObject(kind);
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.getInteger("code")).isEqualTo(status);
        assertThat(error.getString("message")).contains(message);
    }

    static JsonObject awaitStatus(String id, String status) throws InterruptedException {
        return new VolumeCalls(admin, v3).awaitStatus(id, status);
    }

    static void awaitGone(String id) throws InterruptedException {
        new VolumeCalls(admin, v3).awaitGone(id);
    }

    /** The key manager's rows the volume owns (the admin's database view: the H2 file of the state dir). */
    static long passphraseRows(String volumeId) throws Exception {
        return KeyRows.owned(state, volumeId);
    }
}
