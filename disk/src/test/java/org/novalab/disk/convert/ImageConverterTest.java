package org.novalab.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.MapEntry;
import org.novalab.disk.qcow2.TestDisks;

/** Convert of a plain chain (the direct-buffer path): every guest byte arrives, zero clusters stay sparse. */
class ImageConverterTest {
    private static final int MIB = 1 << 20;
    private static final int SIZE = 12 * MIB;
    private static final int CLUSTER = 64 * 1024;

    @TempDir
    Path dir;

    /** A raw base with data and a qcow2 overlay on it with a whole-cluster and a partial-cluster write. */
    private Path chain() {
        Path base = TestDisks.raw(dir.resolve("base.raw"), SIZE);
        TestDisks.poke(base, 0, TestDisks.pattern(MIB, 1));
        TestDisks.poke(base, 9L * MIB + 123, TestDisks.pattern(70_000, 2));
        Path top = dir.resolve("top.qcow2");
        Disks.java().create(top, CreateOptions.qcow2(SIZE).withBacking(base.toString(), ImageFormat.RAW));
        TestDisks.write(top, KeyLookup.NONE, 512 * 1024, TestDisks.pattern(CLUSTER, 3));
        TestDisks.write(top, KeyLookup.NONE, 4L * MIB + 1000, TestDisks.pattern(5000, 4));
        return top;
    }

    @Test
    void aChainConvertedToQcow2ReadsLikeItsSourceInEveryByte() {
        Path source = chain();
        Path out = dir.resolve("out.qcow2");

        Disks.java().convert(source, null, KeyLookup.NONE, out, CreateOptions.qcow2(0));

        assertThat(TestDisks.read(out, 0, SIZE)).isEqualTo(TestDisks.read(source, 0, SIZE));
        assertThat(Disks.java().check(out, KeyLookup.NONE).clean()).isTrue();
    }

    @Test
    void onlyClustersWithNonZeroBytesAreStoredInTheOutput() {
        Path out = dir.resolve("out.qcow2");

        Disks.java().convert(chain(), null, KeyLookup.NONE, out, CreateOptions.qcow2(0));

        long stored = Disks.java().map(out, KeyLookup.NONE).stream().filter(MapEntry::data)
                .mapToLong(MapEntry::length).sum();
        // base 0..1 MiB (16 clusters, one of them overwritten), one partial cluster at 4 MiB, two at 9 MiB
        assertThat(stored).isEqualTo(19L * CLUSTER);
    }

    @Test
    void aChainConvertedToRawReadsLikeItsSource() {
        Path source = chain();
        Path out = dir.resolve("out.raw");

        Disks.java().convert(source, null, KeyLookup.NONE, out, new CreateOptions(ImageFormat.RAW, 0, null, null,
                CLUSTER, null));

        assertThat(TestDisks.peek(out, 0, SIZE)).isEqualTo(TestDisks.read(source, 0, SIZE));
    }

    @Test
    void theNextConvertOnATargetRemovesTheHalfWrittenCopyAKilledConvertLeft() throws Exception {
        Path out = dir.resolve("out.qcow2");
        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        Path left = java.nio.file.Files.write(dir.resolve(".out.qcow2.tmp-" + killed.pid() + "-c0ffee"),
                new byte[1 << 20]);
        Path otherTarget = java.nio.file.Files.write(dir.resolve(".other.qcow2.tmp-" + killed.pid() + "-c0ffee"),
                new byte[1]);

        Disks.java().convert(chain(), null, KeyLookup.NONE, out, CreateOptions.qcow2(0));

        assertThat(left).as("the dead convert's temporary copy of the same target").doesNotExist();
        assertThat(otherTarget).as("another target's, left to that target's next run").exists();
        assertThat(out).exists();
    }

    @Test
    void aDirectBufferReadsTheSameGuestBytesAsAHeapBuffer() {
        try (BlockDevice d = TestDisks.openProbed(chain(), KeyLookup.NONE, false)) {
            ByteBuffer heap = ByteBuffer.allocate(SIZE);
            ByteBuffer direct = ByteBuffer.allocateDirect(SIZE);

            d.read(0, heap);
            d.read(0, direct);

            assertThat(direct.position()).isEqualTo(SIZE);
            assertThat(direct.flip()).isEqualTo(heap.flip());
        }
    }
}
