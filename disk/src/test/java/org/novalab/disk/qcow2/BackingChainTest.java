package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskException;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.MapEntry;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.check.ImageCheck;

class BackingChainTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path base() {
        Path base = TestDisks.raw(dir.resolve("base.raw"), 8 * MIB);
        TestDisks.poke(base, 0, TestDisks.pattern(8 * MIB, 1));
        return base;
    }

    private Path overlay(String name, String backing, ImageFormat fmt) {
        Path p = dir.resolve(name);
        Disks.java().create(p, new CreateOptions(ImageFormat.QCOW2, 0, backing, fmt, 65536, null));
        return p;
    }

    @Test
    void anOverlayReadsItsBaseUntilWrittenAndCopiesPartialClustersOnWrite() {
        base();
        Path top = overlay("top.qcow2", "base.raw", ImageFormat.RAW);
        assertThat(TestDisks.read(top, 0, 8 * MIB)).isEqualTo(TestDisks.pattern(8 * MIB, 1));

        byte[] patch = TestDisks.pattern(1000, 7);
        TestDisks.write(top, KeyLookup.NONE, 70_000, patch);

        byte[] expected = TestDisks.pattern(8 * MIB, 1);
        System.arraycopy(patch, 0, expected, 70_000, patch.length);
        assertThat(TestDisks.read(top, 0, 8 * MIB)).isEqualTo(expected);
        assertThat(TestDisks.read(dir.resolve("base.raw"), 0, 8 * MIB)).as("the base is never written")
                .isEqualTo(TestDisks.pattern(8 * MIB, 1));
        assertThat(ImageCheck.check(top, null).exitStatus()).isZero();
    }

    @Test
    void aThreeLevelChainShowsEachFileInTheMap() {
        base();
        Path mid = overlay("mid.qcow2", "base.raw", ImageFormat.RAW);
        TestDisks.write(mid, KeyLookup.NONE, MIB, TestDisks.pattern(65536, 2));
        Path top = overlay("top.qcow2", "mid.qcow2", ImageFormat.QCOW2);
        TestDisks.write(top, KeyLookup.NONE, 0, TestDisks.pattern(65536, 3));

        List<MapEntry> map = Disks.java().map(top, KeyLookup.NONE);
        assertThat(map.get(0)).satisfies(e -> {
            assertThat(e.start()).isZero();
            assertThat(e.depth()).isZero();
            assertThat(e.data()).isTrue();
            assertThat(e.filename()).endsWith("top.qcow2");
        });
        assertThat(map).anySatisfy(e -> {
            assertThat(e.start()).isEqualTo(MIB);
            assertThat(e.depth()).isEqualTo(1);
            assertThat(e.filename()).endsWith("mid.qcow2");
        });
        assertThat(map).anySatisfy(e -> assertThat(e.depth()).isEqualTo(2));
        assertThat(map.stream().mapToLong(MapEntry::length).sum()).isEqualTo(8 * MIB);
        byte[] all = TestDisks.read(top, 0, 2 * MIB);
        assertThat(ByteBuffer.wrap(all, 0, 65536)).isEqualTo(ByteBuffer.wrap(TestDisks.pattern(65536, 3)));
        assertThat(ByteBuffer.wrap(all, MIB, 65536)).isEqualTo(ByteBuffer.wrap(TestDisks.pattern(65536, 2)));
    }

    @Test
    void relativeBackingNamesResolveAgainstTheImagesDirectoryNotTheWorkingDirectory() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("images/sub"));
        Path base = TestDisks.raw(sub.resolve("base.raw"), MIB);
        TestDisks.poke(base, 0, new byte[] {42});
        Path top = sub.resolve("top.qcow2");
        Disks.java().create(top, new CreateOptions(ImageFormat.QCOW2, 0, "base.raw", ImageFormat.RAW, 65536, null));
        assertThat(TestDisks.read(top, 0, 1)).containsExactly(42);

        Path absolute = dir.resolve("abs.qcow2");
        Disks.java().create(absolute, new CreateOptions(ImageFormat.QCOW2, 0, base.toAbsolutePath().toString(),
                ImageFormat.RAW, 65536, null));
        assertThat(TestDisks.read(absolute, 0, 1)).containsExactly(42);
    }

    @Test
    void aBackingChainLoopIsRefused() {
        TestDisks.raw(dir.resolve("b.raw"), MIB);
        Path a = overlay("a.qcow2", "b.raw", ImageFormat.RAW);
        Path b = overlay("b.qcow2", "a.qcow2", ImageFormat.QCOW2);
        // rewrite a's backing to point at b: a -> b -> a
        byte[] name = "b.qcow2".getBytes();
        ByteBuffer h = ByteBuffer.wrap(TestDisks.peek(a, 0, 24));
        long offset = h.getLong(8);
        TestDisks.poke(a, offset, name);
        TestDisks.poke(a, 16, ByteBuffer.allocate(4).putInt(name.length).array());
        TestDisks.poke(a, 0x70 + 8, "qcow2\0\0\0".getBytes());
        TestDisks.poke(a, 0x70 + 4, ByteBuffer.allocate(4).putInt(5).array());

        assertThatThrownBy(() -> TestDisks.read(b, 0, 1)).isInstanceOf(CorruptImage.class)
                .hasMessageContaining("loop");
    }

    @Test
    void aMissingBackingFileIsAClearError() {
        TestDisks.raw(dir.resolve("gone.raw"), MIB);
        Path top = overlay("top.qcow2", "gone.raw", ImageFormat.RAW);
        dir.resolve("gone.raw").toFile().delete();
        assertThatThrownBy(() -> TestDisks.read(top, 0, 1)).isInstanceOf(DiskException.class)
                .hasMessageContaining("gone.raw").hasMessageContaining("No such file or directory");
    }

    @Test
    void zeroFlaggedClustersReadAsZerosEvenOverData() {
        base();
        Path top = overlay("top.qcow2", "base.raw", ImageFormat.RAW);
        TestDisks.write(top, KeyLookup.NONE, 0, TestDisks.pattern(65536, 4));
        // turn guest cluster 0 into a v3 "zero" cluster (no host offset), and cluster 1 likewise
        long l1 = ByteBuffer.wrap(TestDisks.peek(top, 40, 8)).getLong();
        long l2 = ByteBuffer.wrap(TestDisks.peek(top, l1, 8)).getLong() & 0x00fffffffffffe00L;
        TestDisks.poke(top, l2, ByteBuffer.allocate(16).putLong(1).putLong(1).array());

        assertThat(TestDisks.read(top, 0, 131072)).containsOnly(0);
        assertThat(TestDisks.read(top, 131072, 10)).isEqualTo(java.util.Arrays.copyOfRange(
                TestDisks.pattern(8 * MIB, 1), 131072, 131082));
        assertThat(Disks.java().map(top, KeyLookup.NONE).get(0)).satisfies(e -> {
            assertThat(e.zero()).isTrue();
            assertThat(e.data()).isFalse();
            assertThat(e.length()).isEqualTo(131072);
        });
        // writing into a zero cluster must not resurrect the base's bytes
        TestDisks.write(top, KeyLookup.NONE, 100, new byte[] {9});
        assertThat(TestDisks.read(top, 0, 65536)).satisfies(b -> {
            assertThat(b[100]).isEqualTo((byte) 9);
            assertThat(b[0]).isZero();
            assertThat(b[65535]).isZero();
        });
    }

    @Test
    void resizeGrowsAndKeepsDataButRefusesToShrink() {
        Path image = dir.resolve("r.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(MIB));
        TestDisks.write(image, KeyLookup.NONE, 0, TestDisks.pattern(MIB, 6));

        Disks.java().resize(image, 5L << 30, KeyLookup.NONE);

        assertThat(Disks.java().info(image).virtualSize()).isEqualTo(5L << 30);
        assertThat(TestDisks.read(image, 0, MIB)).isEqualTo(TestDisks.pattern(MIB, 6));
        TestDisks.write(image, KeyLookup.NONE, (5L << 30) - 10, new byte[10]);
        assertThat(ImageCheck.check(image, null).messages()).isEmpty();
        assertThatThrownBy(() -> Disks.java().resize(image, MIB, KeyLookup.NONE))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("shrink");
    }

    @Test
    void convertFlattensAChainIntoASparseStandaloneImage() throws Exception {
        base();
        Path top = overlay("top.qcow2", "base.raw", ImageFormat.RAW);
        TestDisks.write(top, KeyLookup.NONE, 3 * MIB, TestDisks.pattern(4096, 8));
        TestDisks.write(top, KeyLookup.NONE, 5 * MIB, new byte[2 * MIB]);
        Path flat = dir.resolve("flat.qcow2");

        Disks.java().convert(top, null, KeyLookup.NONE, flat, CreateOptions.qcow2(0));

        assertThat(TestDisks.read(flat, 0, 8 * MIB)).isEqualTo(TestDisks.read(top, 0, 8 * MIB));
        assertThat(Disks.java().info(flat).backingFilename()).isNull();
        assertThat(ImageCheck.check(flat, null).result().allocatedClusters())
                .as("the 2 MiB of zeros are not stored").isEqualTo(6 * MIB / 65536);
        Path raw = dir.resolve("flat.raw");
        Disks.java().convert(top, null, KeyLookup.NONE, raw,
                new CreateOptions(ImageFormat.RAW, 0, null, null, 65536, null));
        assertThat(Files.readAllBytes(raw)).isEqualTo(TestDisks.read(top, 0, 8 * MIB));
        assertThat(dir.toFile().list()).noneMatch(n -> n.contains(".tmp-"));
    }
}
