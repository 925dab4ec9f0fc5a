package org.novalab.storage.pool;

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

class PoolTest {
    @TempDir
    Path dir;

    private RbdImage store(Pool pool, String name, byte[] data) throws IOException {
        RbdImage image = pool.createImage(name, 0);
        try (RbdImageWriter writer = image.openWriter()) {
            writer.write(data);
        }
        return image.refresh();
    }

    @Test
    void the_fixture_guest_becomes_four_full_objects_and_one_short_one_like_the_seed() throws IOException {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        Path raw = dir.resolve("cirros.raw");
        FixtureGuest.write(raw);
        RbdImage image = pool.createImage("b5351923-136c-484a-a538-49f81bdf9497", 0);
        try (RbdImageWriter writer = image.openWriter(); InputStream in = Files.newInputStream(raw)) {
            in.transferTo(writer);
        }
        image = image.refresh();

        assertThat(image.size()).isEqualTo(41_126_400L);
        assertThat(image.objectCount()).isEqualTo(5);
        List<String> data = image.storedDataObjects();
        assertThat(data).hasSize(5);
        assertThat(data).extracting(o -> pool.stat(o).size())
                .containsExactly(8388608L, 8388608L, 8388608L, 8388608L, 7571968L);
        assertThat(data.get(4)).matches("rbd_data\\.[0-9a-f]{12}\\.0000000000000004");
        assertThat(pool.listObjects()).contains("rbd_directory", "rbd_header." + image.id(),
                "rbd_id.b5351923-136c-484a-a538-49f81bdf9497");
        assertThat(pool.listObjects()).hasSize(8);
        try (InputStream in = image.openStream()) {
            assertThat(Arrays.equals(in.readAllBytes(), Files.readAllBytes(raw))).isTrue();
        }
    }

    @Test
    void rados_stat_prints_pool_object_mtime_and_size_like_the_seed() throws IOException {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        RbdImage image = store(pool, "img", new byte[] {1, 2, 3});
        String object = image.dataObjectName(0);

        assertThat(pool.stat(object).radosLine())
                .matches("images/rbd_data\\.[0-9a-f]{12}\\.0000000000000000 mtime \\d{10}, size 3");
    }

    @Test
    void all_zero_objects_are_not_stored_and_read_back_as_zeros() throws IOException {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        int objectSize = 1 << 12;
        byte[] data = new byte[objectSize * 4 + 100];
        new Random(1).nextBytes(data);
        Arrays.fill(data, objectSize, 3 * objectSize, (byte) 0);
        RbdImage image = pool.createImage("sparse", 0, 12);
        try (RbdImageWriter writer = image.openWriter()) {
            writer.write(data);
        }
        image = image.refresh();

        assertThat(image.storedDataObjects()).containsExactly(image.dataObjectName(0), image.dataObjectName(3),
                image.dataObjectName(4));
        try (InputStream in = image.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(image.read(objectSize - 2, 4)).containsExactly(data[objectSize - 2], data[objectSize - 1], 0, 0);
    }

    @Test
    void the_image_stream_reads_into_direct_buffers_as_a_channel_with_holes_as_zeros() throws IOException {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        int objectSize = 1 << 12;
        byte[] data = new byte[objectSize * 4 + 100];
        new Random(2).nextBytes(data);
        Arrays.fill(data, objectSize, 3 * objectSize, (byte) 0);
        RbdImage image = pool.createImage("sparse", 0, 12);
        try (RbdImageWriter writer = image.openWriter()) {
            writer.write(data);
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        // A buffer that straddles object boundaries and holds stale bytes: the holes must overwrite them.
        ByteBuffer buffer = ByteBuffer.allocateDirect(3000);
        try (InputStream in = image.refresh().openStream()) {
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
        Pool pool = Pool.open(dir.resolve("images"), "images");
        RbdImage image = pool.createImage("aborted", 0, 12);
        RbdImageWriter writer = image.openWriter();
        writer.write(new byte[3 * 4096 + 5]);
        writer.write(new byte[] {9, 9, 9});
        writer.write(new byte[8192]);
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 1);
        writer.write(ones);
        assertThat(image.storedDataObjects()).isNotEmpty();

        writer.abort();

        assertThat(image.storedDataObjects()).isEmpty();
    }

    @Test
    void objects_round_trip_and_rm_removes_them() {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        pool.put("notes", new ByteArrayInputStream("hello".getBytes()));

        assertThat(pool.getBytes("notes")).isEqualTo("hello".getBytes());
        assertThat(pool.listObjects()).containsExactly("notes");
        pool.remove("notes");
        assertThat(pool.listObjects()).isEmpty();
        assertThatThrownBy(() -> pool.stat("notes")).isInstanceOf(ObjectNotFound.class)
                .hasMessageContaining("images/notes: No such file or directory");
    }

    @Test
    void object_names_cannot_escape_the_pool_directory() {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        assertThatThrownBy(() -> pool.put("../evil", new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(PoolException.class).hasMessageContaining("invalid object name");
        assertThat(dir.resolve("evil")).doesNotExist();
    }

    @Test
    void images_are_found_by_name_or_id_and_removed_with_all_their_objects() throws IOException {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        RbdImage a = store(pool, "a", new byte[] {1});
        store(pool, "b", new byte[] {2});

        assertThat(pool.images()).extracting(RbdImage::name).containsExactly("a", "b");
        assertThat(pool.findImage(a.id())).map(RbdImage::name).contains("a");
        assertThatThrownBy(() -> pool.createImage("a", 1)).hasMessageContaining("already exists");

        pool.removeImage("a");
        assertThat(pool.findImage("a")).isEmpty();
        assertThat(pool.listObjects()).noneMatch(o -> o.contains(a.id()) || o.equals("rbd_id.a"));
    }

    @Test
    void a_clone_has_the_same_bytes_and_its_parent_in_the_header_and_does_not_share_later_writes()
            throws IOException {
        Pool pool = Pool.open(dir.resolve("images"), "images");
        byte[] data = new byte[3 * 4096];
        new Random(2).nextBytes(data);
        RbdImage image = pool.createImage("base", 0, 12);
        try (RbdImageWriter w = image.openWriter()) {
            w.write(data);
        }
        image = image.refresh();

        RbdImage clone = image.clone(pool, "instance_disk");
        try (RbdImageWriter w = clone.openWriter()) {
            w.write(new byte[] {7});
        }

        assertThat(clone.parent()).isEqualTo("images/base");
        try (InputStream in = image.refresh().openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(clone.refresh().size()).isEqualTo(1);
    }
}
