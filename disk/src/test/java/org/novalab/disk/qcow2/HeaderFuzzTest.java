package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskException;
import org.novalab.disk.Disks;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.check.ImageCheck;

/**
 * Random damage to the metadata of a small valid image: opening, reading, mapping and checking it either works
 * or fails with a {@link DiskException}; never another exception (NPE, OOM, index errors) and never a hang.
 */
class HeaderFuzzTest {
    private static Path dir;
    private static byte[] pristine;

    @BeforeContainer
    static void makeImage() throws IOException {
        dir = Files.createTempDirectory("qcow2-fuzz");
        Path image = dir.resolve("pristine.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(2 << 20).withClusterSize(4096));
        TestDisks.write(image, KeyLookup.NONE, 0, TestDisks.pattern(20000, 1));
        pristine = Files.readAllBytes(image);
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }

    @Provide
    Arbitrary<Integer> metadataOffsets() {
        // header, refcount table, refcount block, L1 and L2 of a 4 KiB-cluster image
        return Arbitraries.integers().between(0, 5 * 4096 - 1);
    }

    @Property(tries = 150)
    void damagedMetadataFailsCleanly(@ForAll("metadataOffsets") int offset, @ForAll byte value,
                                     @ForAll("metadataOffsets") int offset2, @ForAll byte value2) {
        byte[] damaged = pristine.clone();
        damaged[offset] = value;
        damaged[offset2] = value2;
        assertFailsCleanly(damaged);
    }

    @Provide
    Arbitrary<Integer> headerFieldOffsets() {
        // every 4-byte aligned position of the v3 header, so whole fields get extreme values (negative, huge)
        return Arbitraries.integers().between(0, 26).map(i -> i * 4);
    }

    @Property(tries = 150)
    void extremeHeaderFieldsFailCleanly(@ForAll("headerFieldOffsets") int offset, @ForAll long value) {
        byte[] damaged = pristine.clone();
        java.nio.ByteBuffer.wrap(damaged).putLong(offset, value);
        assertFailsCleanly(damaged);
    }

    private static void assertFailsCleanly(byte[] damaged) {
        Path file = dir.resolve("damaged.qcow2");
        try {
            Files.write(file, damaged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long size = damaged.length;
        try {
            Disks.java().info(file);
            byte[] head = TestDisks.read(file, 0, 20000);
            assertThat(head).hasSize(20000);
            Disks.java().map(file, KeyLookup.NONE);
            ImageCheck.check(file, null);
        } catch (DiskException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        assertThat(Files.exists(file)).isTrue();
        assertThat(size).isEqualTo(damaged.length);
    }
}
