package org.novalab.storage.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.storage.Image;
import org.novalab.storage.ImageImport;
import org.novalab.storage.Pool;
import org.novalab.storage.StorageException;

/** {@code rbd resize} without {@code --allow-shrink}: grows by changing only the header, never shrinks. */
class RbdImageResizeTest {
    private static final int ORDER = 12;
    private static final int OBJECT = 1 << ORDER;

    @TempDir
    Path dir;
    Pool pool;
    Image image;
    byte[] data;

    @BeforeEach
    void storeAnImageEndingInAShortObject() throws IOException {
        pool = DirectoryCluster.open(dir).createPool("vms");
        data = new byte[2 * OBJECT + 100];
        new Random(4).nextBytes(data);
        try (ImageImport writer = pool.importImage("disk", ORDER)) {
            writer.write(data);
        }
        image = pool.open("disk");
    }

    @Test
    void growing_sets_the_new_size_keeps_the_data_and_reads_zeros_beyond_it() throws IOException {
        long newSize = 10L * OBJECT;

        image.resize(newSize);
        Image grown = pool.open("disk");

        assertThat(grown.size()).isEqualTo(newSize);
        assertThat(grown.stat().objectCount()).isEqualTo(10);
        try (InputStream in = grown.openStream()) {
            byte[] all = in.readAllBytes();
            assertThat(all).hasSize((int) newSize);
            assertThat(Arrays.copyOf(all, data.length)).isEqualTo(data);
            assertThat(Arrays.copyOfRange(all, data.length, all.length)).containsOnly((byte) 0);
        }
    }

    @Test
    void growing_stores_no_new_object_the_image_stays_sparse() {
        List<String> before = pool.listObjects();

        image.resize(1L << 30);

        assertThat(pool.listObjects()).isEqualTo(before);
    }

    @Test
    void the_new_size_is_in_the_header_and_survives_reopening_the_pool() {
        image.resize(5L * OBJECT + 1);

        Image reopened = DirectoryCluster.open(dir).openPool("vms").open("disk");

        assertThat(reopened.size()).isEqualTo(5L * OBJECT + 1);
        assertThat(reopened.stat().order()).isEqualTo(ORDER);
        assertThat(reopened.stat().blockNamePrefix()).isEqualTo(image.stat().blockNamePrefix());
        assertThat(dir.resolve("vms").toFile().list()).noneMatch(n -> n.contains(".tmp-"));
    }

    @Test
    void shrinking_is_refused_clearly_and_loses_nothing() throws IOException {
        assertThatThrownBy(() -> image.resize(OBJECT))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot shrink rbd image vms/disk from " + data.length + " to " + OBJECT)
                .hasMessageContaining("--allow-shrink");

        Image after = pool.open("disk");
        assertThat(after.size()).isEqualTo(data.length);
        try (InputStream in = after.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void bytes_left_past_the_old_end_do_not_reappear_when_growing() throws IOException {
        byte[] tail = new byte[OBJECT];
        Arrays.fill(tail, (byte) 7);
        pool.writeFull(image.stat().dataObjectName(2), tail);

        image.resize(3L * OBJECT);
        Image grown = pool.open("disk");

        try (InputStream in = grown.openStream()) {
            byte[] all = in.readAllBytes();
            assertThat(Arrays.copyOfRange(all, 2 * OBJECT, 2 * OBJECT + 100)).containsOnly((byte) 7);
            assertThat(Arrays.copyOfRange(all, data.length, all.length)).containsOnly((byte) 0);
        }
    }

    @Test
    void resizing_to_the_same_size_changes_nothing() {
        image.resize(data.length);
        assertThat(image.size()).isEqualTo(data.length);
    }

    @Test
    void a_grown_clone_leaves_its_parent_alone() throws IOException {
        Pool images = pool;
        image.createSnap("snap");
        image.protectSnap("snap");
        images.clone("disk", "snap", images, "clone");
        Image clone = images.open("clone");
        clone.resize(4L * OBJECT);

        assertThat(clone.size()).isEqualTo(4L * OBJECT);
        assertThat(pool.open("disk").size()).isEqualTo(data.length);
        try (InputStream in = clone.openStream()) {
            assertThat(Arrays.copyOf(in.readAllBytes(), data.length)).isEqualTo(data);
        }
    }
}
