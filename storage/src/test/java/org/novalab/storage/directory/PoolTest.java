package org.novalab.storage.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.fixture.FixtureGuest;
import org.novalab.storage.Image;
import org.novalab.storage.ImageImport;
import org.novalab.storage.ObjectNotFound;
import org.novalab.storage.ParentInfo;
import org.novalab.storage.Pool;
import org.novalab.storage.StorageException;

class PoolTest {
    @TempDir
    Path dir;

    private Pool images() {
        return DirectoryCluster.open(dir).createPool("images");
    }

    private Image store(Pool pool, String name, byte[] data, int order) throws IOException {
        try (ImageImport writer = pool.importImage(name, order)) {
            writer.write(data);
        }
        return pool.open(name);
    }

    private Image store(Pool pool, String name, byte[] data) throws IOException {
        return store(pool, name, data, Pool.DEFAULT_ORDER);
    }

    @Test
    void the_fixture_guest_becomes_four_full_objects_and_one_short_one_like_the_seed() throws IOException {
        Pool pool = images();
        Path raw = dir.resolve("cirros.raw");
        FixtureGuest.write(raw);
        try (ImageImport writer = pool.importImage("b5351923-136c-484a-a538-49f81bdf9497", Pool.DEFAULT_ORDER);
             InputStream in = Files.newInputStream(raw)) {
            in.transferTo(writer);
        }
        Image image = pool.open("b5351923-136c-484a-a538-49f81bdf9497");

        assertThat(image.size()).isEqualTo(41_126_400L);
        assertThat(image.stat().objectCount()).isEqualTo(5);
        List<String> data = pool.dataObjects(image.stat());
        assertThat(data).hasSize(5);
        assertThat(data).extracting(o -> pool.stat(o).size())
                .containsExactly(8388608L, 8388608L, 8388608L, 8388608L, 7571968L);
        assertThat(data.get(4)).matches("rbd_data\\.[0-9a-f]{12}\\.0000000000000004");
        assertThat(pool.listObjects()).contains("rbd_directory", "rbd_header." + image.stat().id(),
                "rbd_id.b5351923-136c-484a-a538-49f81bdf9497");
        assertThat(pool.listObjects()).hasSize(8);
        try (InputStream in = image.openStream()) {
            assertThat(Arrays.equals(in.readAllBytes(), Files.readAllBytes(raw))).isTrue();
        }
    }

    @Test
    void rados_stat_prints_pool_object_mtime_and_size_like_the_seed() throws IOException {
        Pool pool = images();
        Image image = store(pool, "img", new byte[] {1, 2, 3});
        String object = image.stat().dataObjectName(0);

        assertThat(pool.stat(object).radosLine())
                .matches("images/rbd_data\\.[0-9a-f]{12}\\.0000000000000000 mtime \\d{10}, size 3");
    }

    @Test
    void all_zero_objects_are_not_stored_and_read_back_as_zeros() throws IOException {
        Pool pool = images();
        int objectSize = 1 << 12;
        byte[] data = new byte[objectSize * 4 + 100];
        new Random(1).nextBytes(data);
        Arrays.fill(data, objectSize, 3 * objectSize, (byte) 0);
        Image image = store(pool, "sparse", data, 12);

        assertThat(pool.dataObjects(image.stat())).containsExactly(image.stat().dataObjectName(0),
                image.stat().dataObjectName(3), image.stat().dataObjectName(4));
        try (InputStream in = image.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(image.read(objectSize - 2, 4)).containsExactly(data[objectSize - 2], data[objectSize - 1], 0, 0);
    }

    @Test
    void the_image_stream_reads_into_direct_buffers_as_a_channel_with_holes_as_zeros() throws IOException {
        Pool pool = images();
        int objectSize = 1 << 12;
        byte[] data = new byte[objectSize * 4 + 100];
        new Random(2).nextBytes(data);
        Arrays.fill(data, objectSize, 3 * objectSize, (byte) 0);
        Image image = store(pool, "sparse", data, 12);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        // A buffer that straddles object boundaries and holds stale bytes: the holes must overwrite them.
        ByteBuffer buffer = ByteBuffer.allocateDirect(3000);
        try (InputStream in = image.openStream()) {
            ReadableByteChannel channel = (ReadableByteChannel) in;
            while (true) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x5a);
                }
                buffer.clear();
                if (channel.read(buffer) < 0) {
                    break;
                }
                buffer.flip();
                byte[] got = new byte[buffer.remaining()];
                buffer.get(got);
                read.writeBytes(got);
            }
            assertThat(channel.isOpen()).isTrue();
        }
        assertThat(read.toByteArray()).isEqualTo(data);
    }

    @Test
    void an_aborted_writer_leaves_no_data_object() throws IOException {
        Pool pool = images();
        ImageImport writer = pool.importImage("aborted", 12);
        writer.write(new byte[3 * 4096 + 5]);
        writer.write(new byte[] {9, 9, 9});
        writer.write(new byte[8192]);
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 1);
        writer.write(ones);
        assertThat(pool.dataObjects(writer.image())).isNotEmpty();

        writer.abort();

        assertThat(pool.dataObjects(writer.image())).isEmpty();
    }

    @Test
    void objects_round_trip_and_rm_removes_them() {
        Pool pool = images();
        pool.writeFull("notes", new ByteArrayInputStream("hello".getBytes()));

        assertThat(pool.read("notes")).isEqualTo("hello".getBytes());
        assertThat(pool.listObjects()).containsExactly("notes");
        pool.removeObject("notes");
        assertThat(pool.listObjects()).isEmpty();
        assertThatThrownBy(() -> pool.stat("notes")).isInstanceOf(ObjectNotFound.class)
                .hasMessageContaining("images/notes: No such file or directory");
    }

    @Test
    void object_names_cannot_escape_the_pool_directory() {
        Pool pool = images();
        assertThatThrownBy(() -> pool.writeFull("../evil", new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(StorageException.class).hasMessageContaining("invalid object name");
        assertThat(dir.resolve("evil")).doesNotExist();
    }

    @Test
    void images_are_found_by_name_or_id_and_removed_with_all_their_objects() throws IOException {
        Pool pool = images();
        String a = store(pool, "a", new byte[] {1}).stat().id();
        store(pool, "b", new byte[] {2});

        assertThat(pool.list()).containsExactly("a", "b");
        assertThat(java.util.Optional.of(pool.openById(a))).map(Image::name).contains("a");
        assertThatThrownBy(() -> pool.create("a", 1, Pool.DEFAULT_ORDER)).hasMessageContaining("already exists");

        pool.remove("a");
        assertThat(pool.find("a")).isEmpty();
        assertThat(pool.listObjects()).noneMatch(o -> o.contains(a) || o.equals("rbd_id.a"));
    }

    @Test
    void a_clone_has_the_same_bytes_and_its_parent_in_the_header_and_does_not_share_later_writes()
            throws IOException {
        Pool pool = images();
        byte[] data = new byte[3 * 4096];
        new Random(2).nextBytes(data);
        Image image = store(pool, "base", data, 12);
        image.createSnap("snap");
        image.protectSnap("snap");

        pool.clone("base", "snap", pool, "instance_disk");
        Image clone = pool.open("instance_disk");
        clone.write(0, ByteBuffer.wrap(new byte[] {7}));
        clone.resize(1, true);

        assertThat(clone.parentInfo().map(ParentInfo::imageSpec).orElse(null)).isEqualTo("images/base");
        try (InputStream in = pool.open("base").openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(pool.open("instance_disk").size()).isEqualTo(1);
    }
}
