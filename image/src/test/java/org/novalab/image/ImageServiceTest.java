package org.novalab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.fixture.FixtureGuest;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

class ImageServiceTest {
    @TempDir
    Path dir;
    Pool pool;
    ImageService service;

    @BeforeEach
    void setUp() {
        pool = DirectoryCluster.open(dir.resolve("pool")).createPool("images");
        service = new ImageService(new InMemoryImageRepository(), pool);
    }

    static String hex(String algo, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
    }

    @Test
    void an_upload_makes_the_image_active_with_size_and_glance_checksums() throws Exception {
        ImageRecord queued = service.create(NewImage.named("demo", "raw", "bare"));
        assertThat(queued.status()).isEqualTo(ImageStatus.QUEUED);
        byte[] data = new byte[(9 << 20) + 123];
        new Random(3).nextBytes(data);

        ImageRecord active = service.upload(queued.id(), new ByteArrayInputStream(data));

        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.size()).isEqualTo(data.length);
        assertThat(active.virtualSize()).isEqualTo(data.length);
        assertThat(active.checksum()).isEqualTo(hex("MD5", data));
        assertThat(active.osHashAlgo()).isEqualTo("sha512");
        assertThat(active.osHashValue()).isEqualTo(hex("SHA-512", data));
        assertThat(pool.dataObjects(pool.open(queued.id()).stat())).hasSize(2);
        try (InputStream in = service.download(queued.id())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    /** What a kill -9 half-way through an upload leaves: the record saving, some objects of the import stored. */
    private ImageRecord killedHalfWayThroughAnUpload(InMemoryImageRepository repository) throws IOException {
        ImageService before = new ImageService(repository, pool);
        ImageRecord queued = before.create(NewImage.named("demo", "raw", "bare"));
        repository.save(queued.withStatus(ImageStatus.SAVING, queued.updatedAt()));
        var writer = pool.importImage(queued.id(), Pool.DEFAULT_ORDER);
        writer.write(new byte[9 << 20]);
        writer.write(new byte[] {1});
        writer.write(new byte[8 << 20]); // the object holding the 1 is written; the process dies here
        return queued;
    }

    @Test
    void an_upload_killed_half_way_is_queued_again_after_restart_with_its_partial_objects_gone() throws Exception {
        InMemoryImageRepository repository = new InMemoryImageRepository();
        ImageRecord killed = killedHalfWayThroughAnUpload(repository);
        assertThat(pool.listObjects()).anyMatch(o -> o.startsWith("rbd_data."));

        ImageService restarted = new ImageService(repository, pool);
        assertThat(restarted.recoverInterrupted(true)).extracting(ImageRecord::id).containsExactly(killed.id());

        assertThat(restarted.get(killed.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(restarted.get(killed.id()).size()).isNull();
        assertThat(pool.exists(killed.id())).isFalse();
        assertThat(pool.listObjects()).noneMatch(o -> o.startsWith("rbd_data.") || o.startsWith("rbd_header."));
        assertThat(restarted.upload(killed.id(), new ByteArrayInputStream(new byte[4096])).status())
                .as("the client may upload again").isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void an_active_image_whose_data_is_gone_is_killed_and_a_whole_one_is_untouched() throws Exception {
        InMemoryImageRepository repository = new InMemoryImageRepository();
        ImageService before = new ImageService(repository, pool);
        ImageRecord whole = before.create(NewImage.named("whole", "raw", "bare"));
        before.upload(whole.id(), new ByteArrayInputStream(new byte[4096]));
        ImageRecord lost = before.create(NewImage.named("lost", "raw", "bare"));
        before.upload(lost.id(), new ByteArrayInputStream(new byte[4096]));
        try (var image = pool.open(lost.id())) {
            image.unprotectSnap(ImageService.SNAPSHOT);
            image.removeSnap(ImageService.SNAPSHOT);
        }
        pool.remove(lost.id());

        ImageService restarted = new ImageService(repository, pool);
        assertThat(restarted.recoverInterrupted(true)).extracting(ImageRecord::id).containsExactly(lost.id());

        assertThat(restarted.get(lost.id()).status()).isEqualTo(ImageStatus.KILLED);
        assertThat(restarted.get(whole.id()).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(pool.exists(whole.id())).isTrue();
    }

    @Test
    void with_records_shared_by_other_servers_only_what_this_pool_holds_is_put_right() throws Exception {
        InMemoryImageRepository repository = new InMemoryImageRepository();
        ImageRecord killedHere = killedHalfWayThroughAnUpload(repository);
        ImageService elsewhere = new ImageService(repository,
                DirectoryCluster.open(dir.resolve("other-host")).createPool("images"));
        ImageRecord storedElsewhere = elsewhere.create(NewImage.named("theirs", "raw", "bare"));
        elsewhere.upload(storedElsewhere.id(), new ByteArrayInputStream(new byte[4096]));
        ImageRecord uploadingElsewhere = elsewhere.create(NewImage.named("uploading", "raw", "bare"));
        repository.save(uploadingElsewhere.withStatus(ImageStatus.SAVING, uploadingElsewhere.updatedAt()));

        ImageService restarted = new ImageService(repository, pool);
        assertThat(restarted.recoverInterrupted(false)).extracting(ImageRecord::id).containsExactly(killedHere.id());

        assertThat(restarted.get(killedHere.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(restarted.get(storedElsewhere.id()).status()).as("its data is another server's pool")
                .isEqualTo(ImageStatus.ACTIVE);
        assertThat(restarted.get(uploadingElsewhere.id()).status()).as("an upload another server may be running")
                .isEqualTo(ImageStatus.SAVING);
    }

    @Test
    void an_upload_whose_client_stream_breaks_half_way_leaves_the_image_queued_and_no_object() {
        ImageRecord queued = service.create(NewImage.named("demo", "raw", "bare"));
        InputStream breaking = new InputStream() {
            long served;

            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by client");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > (20 << 20)) {
                    throw new IOException("connection reset by client");
                }
                int n = Math.min(len, 65536);
                java.util.Arrays.fill(b, off, off + n, (byte) 0x5a);
                served += n;
                return n;
            }
        };

        assertThatThrownBy(() -> service.upload(queued.id(), breaking)).isInstanceOf(ImageUploadFailed.class)
                .hasMessageContaining("connection reset by client").hasMessageContaining("queued");

        ImageRecord after = service.get(queued.id());
        assertThat(after.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(after.size()).isNull();
        assertThat(after.checksum()).isNull();
        assertThat(pool.listObjects()).noneMatch(o -> o.startsWith("rbd_data."));
        assertThat(pool.find(queued.id())).isEmpty();
    }

    @Test
    void a_store_failure_half_way_kills_the_image_and_leaves_no_object() throws Exception {
        ImageRecord queued = service.create(NewImage.named("demo", "raw", "bare"));
        byte[] data = new byte[20 << 20];
        java.util.Arrays.fill(data, (byte) 1);
        // Once two objects are stored, something squats on the third object's name: the store, not the
        // client, fails.
        InputStream sabotaging = new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= data.length) {
                    return -1;
                }
                if (pos >= (17 << 20)) {
                    String header = pool.listObjects().stream().filter(o -> o.startsWith("rbd_header."))
                            .findFirst().orElseThrow();
                    String prefix = "rbd_data." + header.substring("rbd_header.".length());
                    java.nio.file.Files.createDirectories(
                            dir.resolve("pool/images").resolve(prefix + ".0000000000000002"));
                }
                int n = Math.min(len, data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };

        assertThatThrownBy(() -> service.upload(queued.id(), sabotaging)).isInstanceOf(ImageUploadFailed.class)
                .hasMessageContaining("killed");
        assertThat(pool.listObjects()).noneMatch(o -> o.startsWith("rbd_data."));
        assertThat(service.get(queued.id()).status()).isEqualTo(ImageStatus.KILLED);
    }

    @Test
    void data_can_only_go_to_a_queued_image_and_only_active_images_can_be_downloaded() {
        ImageRecord queued = service.create(NewImage.named("demo", "raw", "bare"));
        assertThatThrownBy(() -> service.download(queued.id())).isInstanceOf(InvalidImageState.class)
                .hasMessageContaining("queued");
        service.upload(queued.id(), new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> service.upload(queued.id(), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(InvalidImageState.class).hasMessageContaining("active");
        ImageRecord noFormat = service.create(NewImage.named("x", null, null));
        assertThatThrownBy(() -> service.upload(noFormat.id(), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(InvalidImageChange.class).hasMessageContaining("disk_format");
    }

    @Test
    void create_refuses_unknown_formats_and_bad_ids() {
        assertThatThrownBy(() -> service.create(NewImage.named("x", "floppy", "bare")))
                .isInstanceOf(InvalidImageChange.class).hasMessageContaining("disk_format 'floppy'");
        assertThatThrownBy(() -> service.create(NewImage.named("x", "raw", "bare").withId("not-a-uuid")))
                .isInstanceOf(InvalidImageChange.class);
        ImageRecord first = service.create(NewImage.named("x", "raw", "bare"));
        assertThatThrownBy(() -> service.create(NewImage.named("y", "raw", "bare").withId(first.id())))
                .isInstanceOf(InvalidImageState.class).hasMessageContaining("already exists");
    }

    @Test
    void patch_changes_core_fields_and_custom_properties_and_refuses_read_only_ones() {
        ImageRecord image = service.create(NewImage.named("demo", "raw", "bare"));

        ImageRecord patched = service.update(image.id(), List.of(ImagePatch.replace("/name", "renamed"),
                ImagePatch.add("/hw_disk_bus", "virtio"), ImagePatch.replace("/min_disk", 2),
                ImagePatch.replace("/protected", true)));

        assertThat(patched.name()).isEqualTo("renamed");
        assertThat(patched.properties()).containsEntry("hw_disk_bus", "virtio");
        assertThat(patched.minDisk()).isEqualTo(2);
        assertThat(patched.isProtected()).isTrue();
        assertThat(service.update(image.id(), List.of(ImagePatch.remove("/hw_disk_bus"))).properties())
                .doesNotContainKey("hw_disk_bus");
        assertThatThrownBy(() -> service.update(image.id(), List.of(ImagePatch.replace("/status", "active"))))
                .isInstanceOf(InvalidImageChange.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> service.update(image.id(), List.of(ImagePatch.replace("/name", "a"),
                ImagePatch.replace("/min_ram", -1)))).isInstanceOf(InvalidImageChange.class);
        assertThat(service.get(image.id()).name()).as("all or nothing").isEqualTo("renamed");
    }

    @Test
    void a_property_is_a_string_that_fits_its_column_and_a_name_fits_its_own() {
        ImageRecord image = service.create(NewImage.named("demo", "raw", "bare"));
        for (ImagePatch bad : List.of(ImagePatch.add("/hw_disk_bus", null), ImagePatch.add("/hw_disk_bus", 5),
                ImagePatch.add("/hw_disk_bus", "v".repeat(4097)), ImagePatch.add("/" + "k".repeat(256), "v"),
                ImagePatch.replace("/name", "n".repeat(256)))) {
            assertThatThrownBy(() -> service.update(image.id(), List.of(bad))).as(bad.op() + " " + bad.path().substring(0, Math.min(20, bad.path().length())))
                    .isInstanceOf(InvalidImageChange.class);
        }
        assertThat(service.get(image.id()).properties()).doesNotContainKey("hw_disk_bus");
        assertThat(service.update(image.id(), List.of(ImagePatch.add("/hw_disk_bus", "v".repeat(4096)))).properties())
                .containsKey("hw_disk_bus");
    }

    @Test
    void delete_removes_record_and_objects_but_not_of_a_protected_image() {
        ImageRecord image = service.create(NewImage.named("demo", "raw", "bare"));
        service.upload(image.id(), new ByteArrayInputStream(new byte[] {1}));
        service.update(image.id(), List.of(ImagePatch.replace("/protected", true)));
        assertThatThrownBy(() -> service.delete(image.id())).isInstanceOf(ImageProtected.class);

        service.update(image.id(), List.of(ImagePatch.replace("/protected", false)));
        service.delete(image.id());

        assertThatThrownBy(() -> service.get(image.id())).isInstanceOf(ImageNotFound.class);
        assertThat(pool.listObjects()).noneMatch(o -> o.startsWith("rbd_data.") || o.startsWith("rbd_header."));
    }

    @Test
    void the_first_start_stores_the_fixture_guest_as_cirros_x86_64_once() throws Exception {
        ImageRecord cirros = service.bootstrapFixture().orElseThrow();

        assertThat(cirros.name()).isEqualTo("cirros-x86_64");
        assertThat(cirros.diskFormat()).isEqualTo("raw");
        assertThat(cirros.visibility()).isEqualTo("public");
        assertThat(cirros.size()).isEqualTo(FixtureGuest.SIZE);
        assertThat(cirros.status()).isEqualTo(ImageStatus.ACTIVE);
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        FixtureGuest.writeTo(expected);
        assertThat(cirros.checksum()).isEqualTo(hex("MD5", expected.toByteArray()));
        assertThat(service.bootstrapFixture()).isEmpty();
        assertThat(service.list()).hasSize(1);
        assertThat(pool.listObjects()).noneMatch(o -> o.startsWith("."));
    }

    @Test
    void the_json_shape_is_glance_v2_and_reads_back() {
        ImageRecord image = service.create(NewImage.named("demo", "qcow2", "bare")
                .withProperties(Map.of("hw_disk_bus", "virtio")));
        image = service.upload(image.id(), new ByteArrayInputStream(new byte[] {1, 2}));

        Map<String, Object> json = ImageJson.toMap(image);

        assertThat(json).containsEntry("status", "active").containsEntry("disk_format", "qcow2")
                .containsEntry("size", 2L).containsEntry("protected", false).containsEntry("hw_disk_bus", "virtio")
                .containsEntry("file", "/v2/images/" + image.id() + "/file")
                .containsEntry("os_hash_algo", "sha512");
        assertThat((String) json.get("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        ImageRecord back = ImageJson.fromJson(ImageJson.toJson(image));
        assertThat(back.checksum()).isEqualTo(image.checksum());
        assertThat(back.properties()).isEqualTo(image.properties());
        assertThat(back.status()).isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void a_virtual_size_of_2_to_the_63_is_recorded_unset_never_negative() {
        ImageRecord queued = service.create(NewImage.named("huge", "qcow2", "bare"));
        byte[] data = org.novalab.image.inspect.CraftedImages.qcow2VirtualSize(1L << 63);

        ImageRecord active = service.upload(queued.id(), new ByteArrayInputStream(data));

        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.size()).isEqualTo(data.length);
        assertThat(active.virtualSize()).isNull();
        assertThat(ImageJson.toMap(active)).containsEntry("virtual_size", null);
    }
}
