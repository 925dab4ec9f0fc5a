package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.Disks;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageStatus;

/**
 * A raw {@code _base} file stays sparse: the download writes every zero, the base has holes there, as
 * {@code qemu-img convert} leaves them. Allocation is measured as {@code du} measures it.
 */
class SparseBaseTest {
    static final String ID = "5a5a5a5a-0000-4000-8000-000000000001";
    static final long GIB = 1L << 30;
    @TempDir
    Path tmp;

    /** A file-backed image: what Glance would serve of {@code data}. */
    private record FileSource(Path data, long size) implements ImageSource {
        @Override
        public ImageRecord describe(String imageId) {
            if (!imageId.equals(ID)) {
                throw new ImageNotFound(imageId);
            }
            Instant now = Instant.parse("2026-12-01T09:00:00Z");
            // no checksum: this test is about the bytes on disk, and hashing 1 GiB twice buys it nothing
            return new ImageRecord(ID, "sparse", ImageStatus.ACTIVE, "raw", "bare", size, size, null, null, null, 0,
                    0, "public", false, "admin", now, now, Map.of());
        }

        @Override
        public InputStream open(String imageId) {
            try {
                return Files.newInputStream(data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Writes {@code chunks} of random data at the given offsets into a sparse file of {@code size} bytes. */
    private Path image(long size, long... offsets) throws IOException {
        Path file = tmp.resolve("image.raw");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            Random random = new Random(42);
            for (long offset : offsets) {
                byte[] data = new byte[1 << 20];
                random.nextBytes(data);
                raf.seek(offset);
                raf.write(data, 0, (int) Math.min(data.length, size - offset));
            }
        }
        return file;
    }

    /** The bytes the file system allocated to a file, from {@code du -B1}. */
    static long allocated(Path file) throws Exception {
        Process du = new ProcessBuilder("du", "-B1", file.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(du.waitFor()).as(out).isZero();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private ImageCache cache(Path image, long size) {
        return new ImageCache(CacheConfig.defaults(tmp.resolve("instances")), new FileSource(image, size),
                Disks.java());
    }

    @Test
    void a_mostly_zero_raw_image_takes_only_its_data_in_base() throws Exception {
        mostlyZero(64L << 20);
    }

    /** The case: 1 GiB with 3 MiB of data took 1.1 GB in _base (writes and reads 1 GiB: integration). */
    @Test
    @Tag("integration")
    void a_1_gib_mostly_zero_raw_image_takes_only_its_data_in_base() throws Exception {
        mostlyZero(GIB);
    }

    private void mostlyZero(long size) throws Exception {
        Path image = image(size, 0, size / 2, size - (1 << 20));

        BaseImage base = cache(image, size).fetchToBase(ID);

        assertThat(Files.size(base.path())).isEqualTo(size);
        assertThat(allocated(base.path())).as("3 MiB of data").isLessThan(4L << 20)
                .isGreaterThanOrEqualTo(3L << 20);
        assertThat(Files.mismatch(base.path(), image)).as("the same bytes, holes read as zeros").isEqualTo(-1);
        try (Stream<Path> files = Files.list(base.path().getParent())) {
            assertThat(files).as("no .part or sparse copy left").containsExactlyInAnyOrder(base.path(),
                    BaseInfo.pathFor(base.path()));
        }
    }

    @Test
    void an_image_without_zeros_is_written_whole_and_an_odd_sized_tail_keeps_its_length() throws Exception {
        long size = (2L << 20) + 100;
        Path image = image(size, 0, 1 << 20, 2 << 20);

        BaseImage base = cache(image, size).fetchToBase(ID);

        assertThat(Files.size(base.path())).isEqualTo(size);
        assertThat(allocated(base.path())).isGreaterThanOrEqualTo(2L << 20);
        assertThat(Files.mismatch(base.path(), image)).isEqualTo(-1);
    }

    @Test
    void a_sparse_copy_is_made_only_when_the_zeros_are_worth_it() throws Exception {
        assertThat(SparseBase.worthHoles(image(16L << 20, 0, 1 << 20, 2 << 20, 3 << 20))).as("12 of 16 MiB zero")
                .isTrue();
        Path full = tmp.resolve("full.raw");
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        java.util.Arrays.fill(data, 0, 128 << 10, (byte) 0);
        Files.write(full, data);
        assertThat(SparseBase.worthHoles(full)).as("128 KiB of 4 MiB zero: not worth a copy").isFalse();
    }

    @Test
    void a_copy_that_ends_in_zeros_has_its_full_length_and_an_empty_file_stays_empty() throws Exception {
        Path image = image(8L << 20, 0);
        Path copy = tmp.resolve("copy");

        long written = SparseBase.copy(image, copy);

        assertThat(written).isEqualTo(1L << 20);
        assertThat(Files.size(copy)).isEqualTo(8L << 20);
        assertThat(Files.mismatch(copy, image)).isEqualTo(-1);

        Path empty = Files.createFile(tmp.resolve("empty"));
        assertThat(SparseBase.copy(empty, tmp.resolve("empty.copy"))).isZero();
        assertThat(Files.size(tmp.resolve("empty.copy"))).isZero();
    }
}
