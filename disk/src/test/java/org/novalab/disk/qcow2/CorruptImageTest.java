package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.check.ImageCheck;

/** Crafted and damaged files: a clear error naming the problem, never a hang, an OOM or a read outside the file. */
class CorruptImageTest {
    @TempDir
    Path dir;
    Path image;

    @BeforeEach
    void aSmallImageWithData() {
        image = dir.resolve("x.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(4 << 20));
        TestDisks.write(image, KeyLookup.NONE, 0, TestDisks.pattern(65536, 1));
    }

    private void putLong(long offset, long value) {
        TestDisks.poke(image, offset, ByteBuffer.allocate(8).putLong(value).array());
    }

    private void putInt(long offset, int value) {
        TestDisks.poke(image, offset, ByteBuffer.allocate(4).putInt(value).array());
    }

    private long l2Offset() {
        return ByteBuffer.wrap(TestDisks.peek(image, 0x30000, 8)).getLong() & 0x00fffffffffffe00L;
    }

    @Test
    void aTruncatedHeaderIsCorrupt() throws Exception {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.truncate(50);
        }
        assertThatThrownBy(() -> Disks.java().info(image)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void anUnknownVersionOrClusterSizeIsUnsupported() {
        putInt(4, 4);
        assertThatThrownBy(() -> Disks.java().info(image)).isInstanceOf(UnsupportedImage.class)
                .hasMessageContaining("version 4");
        putInt(4, 3);
        putInt(20, 30);
        assertThatThrownBy(() -> Disks.java().info(image)).isInstanceOf(UnsupportedImage.class)
                .hasMessageContaining("cluster size");
    }

    @Test
    void unknownIncompatibleFeaturesAreRefused() {
        putLong(72, 1L << 40);
        assertThatThrownBy(() -> TestDisks.read(image, 0, 1)).isInstanceOf(UnsupportedImage.class)
                .hasMessageContaining("Unsupported qcow2 feature");
        putLong(72, 1L << 2);
        assertThatThrownBy(() -> TestDisks.read(image, 0, 1)).isInstanceOf(UnsupportedImage.class)
                .hasMessageContaining("external data file");
    }

    @Test
    void aHugeL1TableIsRefusedBeforeAnythingIsAllocated() {
        putInt(36, Integer.MAX_VALUE);
        assertThatThrownBy(() -> TestDisks.read(image, 0, 1)).isInstanceOf(UnsupportedImage.class)
                .hasMessageContaining("L1 table too large");
    }

    @Test
    void anAbsurdVirtualSizeIsRefused() {
        putLong(24, Long.MAX_VALUE);
        assertThatThrownBy(() -> Disks.java().info(image)).isInstanceOf(UnsupportedImage.class)
                .hasMessageContaining("too large");
        putLong(24, 1L << 50);
        assertThatThrownBy(() -> Disks.java().info(image)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("L1 table is too small");
    }

    @Test
    void tablesBeyondTheEndOfTheFileAreCorrupt() {
        putLong(40, 1L << 40);
        assertThatThrownBy(() -> TestDisks.read(image, 0, 1)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("L1 table").hasMessageContaining("beyond the end of the file");
        putLong(40, 0x30000);
        putLong(48, 1L << 40);
        assertThatThrownBy(() -> ImageCheck.check(image, null)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("Reference count table");
    }

    @Test
    void anL1EntryPointingPastTheFileIsCorrupt() {
        putLong(0x30000, (1L << 40) | (1L << 63));
        assertThatThrownBy(() -> TestDisks.read(image, 0, 1)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("L2 table").hasMessageContaining("beyond the end of the file");
    }

    @Test
    void anL2EntryPointingPastTheFileIsCorrupt() {
        putLong(l2Offset(), (1L << 40) | (1L << 63));
        assertThatThrownBy(() -> TestDisks.read(image, 0, 1)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("beyond the end of the file");
        putLong(l2Offset(), 0x50200 | (1L << 63));
        assertThatThrownBy(() -> TestDisks.read(image, 0, 1)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("unaligned");
    }

    @Test
    void checkReportsLeaksAndCorruptionsLikeQemuImg() {
        long l2 = l2Offset();
        long dataEntry = ByteBuffer.wrap(TestDisks.peek(image, l2, 8)).getLong();
        // drop the reference: the data cluster leaks
        putLong(l2, 0);
        ImageCheck leak = ImageCheck.check(image, null);
        assertThat(leak.exitStatus()).isEqualTo(3);
        assertThat(leak.messages()).containsExactly("Leaked cluster 5 refcount=1 reference=0");
        assertThat(leak.text()).contains("1 leaked clusters were found on the image.");
        // two references to one cluster with refcount 1: corruption
        putLong(l2, dataEntry);
        putLong(l2 + 8, dataEntry);
        ImageCheck corrupt = ImageCheck.check(image, null);
        assertThat(corrupt.exitStatus()).isEqualTo(2);
        assertThat(corrupt.messages()).contains("ERROR cluster 5 refcount=1 reference=2");
        assertThat(corrupt.text()).contains("errors were found on the image.");
    }

    @Test
    void imagesMarkedCorruptOrDirtyAreReadButNotWritten() {
        putLong(72, Qcow2Header.INCOMPAT_CORRUPT);
        assertThat(TestDisks.read(image, 0, 65536)).isEqualTo(TestDisks.pattern(65536, 1));
        assertThatThrownBy(() -> TestDisks.write(image, KeyLookup.NONE, 0, new byte[1]))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("marked corrupt");
        putLong(72, Qcow2Header.INCOMPAT_DIRTY);
        assertThatThrownBy(() -> TestDisks.write(image, KeyLookup.NONE, 0, new byte[1]))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("not cleanly shut down");
        assertThat(TestDisks.read(image, 0, 65536)).isEqualTo(TestDisks.pattern(65536, 1));
    }

    @Test
    void aFileThatIsNotQcow2IsNotMistakenForOne() throws Exception {
        Path junk = dir.resolve("junk.qcow2");
        Files.write(junk, TestDisks.pattern(100_000, 2));
        assertThatThrownBy(() -> org.novalab.disk.qcow2.Qcow2Image.open(junk, false))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("not a qcow2 image");
    }
}
