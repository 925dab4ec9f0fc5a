package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.check.ImageCheck;

class Qcow2CreateTest {
    @TempDir
    Path dir;

    @Test
    void aNewImageHasQemuImgsLayout() throws Exception {
        Path image = dir.resolve("a.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(1L << 30));

        // qemu-img 7.2 create: header, refcount table, refcount block, then a 2-entry L1 table of 16 bytes
        assertThat(Files.size(image)).isEqualTo(196624);
        ByteBuffer h = ByteBuffer.wrap(TestDisks.peek(image, 0, 112));
        assertThat(h.getInt(0)).isEqualTo(0x514649fb);
        assertThat(h.getInt(4)).isEqualTo(3);
        assertThat(h.getInt(20)).isEqualTo(16);
        assertThat(h.getLong(24)).isEqualTo(1L << 30);
        assertThat(h.getInt(36)).as("l1_size").isEqualTo(2);
        assertThat(h.getLong(40)).as("l1_table_offset").isEqualTo(0x30000);
        assertThat(h.getLong(48)).as("refcount_table_offset").isEqualTo(0x10000);
        assertThat(h.getInt(56)).isEqualTo(1);
        assertThat(h.getInt(96)).as("refcount_order").isEqualTo(4);
        assertThat(h.getInt(100)).as("header_length").isEqualTo(112);
        assertThat(ByteBuffer.wrap(TestDisks.peek(image, 112, 8)).getInt()).as("feature name table first")
                .isEqualTo(0x6803f857);
        assertThat(ByteBuffer.wrap(TestDisks.peek(image, 0x10000, 8)).getLong()).isEqualTo(0x20000);
        assertThat(TestDisks.peek(image, 0x20000, 10)).containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 0);
    }

    @Test
    void anOverlayStoresBackingNameAndFormatAfterTheExtensions() {
        Path base = TestDisks.raw(dir.resolve("b.raw"), 1 << 20);
        Path overlay = dir.resolve("o.qcow2");
        Disks.java().create(overlay, new CreateOptions(ImageFormat.QCOW2, 0, "b.raw", ImageFormat.RAW, 65536, null));

        ByteBuffer h = ByteBuffer.wrap(TestDisks.peek(overlay, 0, 0x220));
        assertThat(h.getLong(8)).as("backing_file_offset").isEqualTo(0x210);
        assertThat(h.getInt(16)).isEqualTo(5);
        assertThat(h.getLong(24)).as("size taken from the backing file").isEqualTo(Files.exists(base) ? 1 << 20 : 0);
        assertThat(h.getInt(0x70)).as("backing format extension first").isEqualTo(0xe2792aca);
        assertThat(new String(TestDisks.peek(overlay, 0x210, 5))).isEqualTo("b.raw");
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096, 65536, 2 << 20})
    void everyClusterSizeGivesACleanImageThatReadsBackWhatWasWritten(int clusterSize) {
        Path image = dir.resolve("c" + clusterSize + ".qcow2");
        Disks.java().create(image, CreateOptions.qcow2(64L << 20).withClusterSize(clusterSize));
        byte[] data = TestDisks.pattern(300_000, 3);
        TestDisks.write(image, org.novalab.disk.KeyLookup.NONE, 1_000_001 - 1, data);
        TestDisks.write(image, org.novalab.disk.KeyLookup.NONE, (64L << 20) - 700, TestDisks.pattern(700, 9));

        assertThat(TestDisks.read(image, 1_000_000, data.length)).isEqualTo(data);
        assertThat(TestDisks.read(image, (64L << 20) - 700, 700)).isEqualTo(TestDisks.pattern(700, 9));
        assertThat(TestDisks.read(image, 0, 4096)).containsOnly(0);
        ImageCheck check = ImageCheck.check(image, null);
        assertThat(check.messages()).isEmpty();
        assertThat(check.exitStatus()).isZero();
    }

    @Test
    void clusterSizesOutsideQemusRangeAreRefused() {
        assertThatThrownBy(() -> Disks.java().create(dir.resolve("x.qcow2"),
                CreateOptions.qcow2(1 << 20).withClusterSize(256)))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("Cluster size");
        assertThatThrownBy(() -> Disks.java().create(dir.resolve("y.qcow2"),
                CreateOptions.qcow2(1 << 20).withClusterSize(3 << 20)))
                .isInstanceOf(UnsupportedImage.class);
        assertThat(dir.toFile().list()).as("no partial files left behind").isEmpty();
    }

    @Test
    void manySmallClustersGrowTheRefcountTableAndStayConsistent() {
        // 512-byte clusters: one refcount table cluster covers only 8 MiB of file, so 12 MiB of data must grow it
        Path image = dir.resolve("small.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(32L << 20).withClusterSize(512));
        byte[] data = TestDisks.pattern(12 << 20, 5);
        TestDisks.write(image, org.novalab.disk.KeyLookup.NONE, 4096, data);

        assertThat(TestDisks.read(image, 4096, data.length)).isEqualTo(data);
        ImageCheck check = ImageCheck.check(image, null);
        assertThat(check.messages()).isEmpty();
        assertThat(check.result().allocatedClusters()).isEqualTo((12 << 20) / 512);
    }
}
