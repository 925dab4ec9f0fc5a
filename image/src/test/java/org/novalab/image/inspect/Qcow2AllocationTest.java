package org.novalab.image.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the L1 and L2 tables map, counted from metadata alone: the facts force_raw_images' limit decides on. */
class Qcow2AllocationTest {
    static final long GIB = 1L << 30;
    @TempDir
    Path dir;

    private Qcow2Allocation of(byte[] image) throws IOException {
        return Qcow2Allocation.of(Files.write(dir.resolve("image.qcow2"), image));
    }

    @Test
    void an_empty_qcow2_maps_nothing() throws IOException {
        assertThat(of(CraftedImages.qcow2(GIB))).isEqualTo(new Qcow2Allocation(65536, GIB, 0, 0));
    }

    @Test
    void each_mapped_cluster_of_an_honest_image_has_a_host_cluster_of_its_own() throws IOException {
        CraftedQcow2 image = CraftedQcow2.of(GIB);
        for (long guest = 0; guest < 16384; guest += 1000) {
            image.map(guest, image.data(new byte[] {1}));
        }
        Qcow2Allocation counted = of(image.build().bytes());
        assertThat(counted.mappedClusters()).isEqualTo(17);
        assertThat(counted.distinctHostClusters()).isEqualTo(17);
        assertThat(counted.rawBytes()).isEqualTo(17 * 65536L);
    }

    @Test
    void the_disk_fill_bomb_maps_4_gib_onto_one_host_cluster() throws IOException {
        Qcow2Allocation bomb = of(CraftedImages.qcow2DiskFillBomb());
        assertThat(bomb.mappedClusters()).isEqualTo(65536);
        assertThat(bomb.distinctHostClusters()).isEqualTo(1);
        assertThat(bomb.rawBytes()).isEqualTo(4 * GIB);
    }

    @Test
    void a_compressed_cluster_counts_as_a_whole_guest_cluster() throws IOException {
        Qcow2Allocation counted = of(CraftedImages.qcow2DataInHeaderCluster());
        assertThat(counted.mappedClusters()).isEqualTo(2);
        assertThat(counted.rawBytes()).isEqualTo(2 * 65536L);
    }

    @Test
    void what_lies_past_the_virtual_size_is_never_counted() throws IOException {
        CraftedQcow2 image = CraftedQcow2.of(65536 * 3 + 100);
        for (long guest = 0; guest < 8; guest++) {
            image.map(guest, image.data(new byte[] {1}));
        }
        Qcow2Allocation counted = of(image.build().bytes());
        assertThat(counted.mappedClusters()).isEqualTo(4);
        assertThat(counted.rawBytes()).isEqualTo(65536 * 3 + 100);
    }

    @Test
    void a_header_qemu_would_not_open_is_not_counted() {
        assertThatThrownBy(() -> of(CraftedImages.qcow2L1Size((32 << 20) / 8 + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Active L1 table too large");
        assertThatThrownBy(() -> of(CraftedImages.raw(4096))).isInstanceOf(IllegalArgumentException.class);
    }
}
