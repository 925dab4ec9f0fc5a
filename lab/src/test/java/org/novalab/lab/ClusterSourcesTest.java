package org.novalab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.novalab.disk.MapEntry;

class ClusterSourcesTest {
    private static final int CS = 65536;

    @Test
    void a_fresh_overlay_reads_everything_from_its_base_or_zero() {
        List<MapEntry> map = List.of(
                new MapEntry(0, 4L * CS, 1, false, true, 0, "_base/abc", false),
                new MapEntry(4L * CS, 12L * CS, 1, true, false, -1, "_base/abc", false));
        ClusterSources m = ClusterSources.of(map, 16L * CS, CS);
        assertThat(m.inTop()).isZero();
        assertThat(m.fromBacking()).isEqualTo(4);
        assertThat(m.zero()).isEqualTo(12);
        assertThat(m.inTopEncrypted() + m.fromBackingEncrypted()).isZero();
        assertThat(m.segments()).containsExactly(
                new ClusterSources.Segment(ClusterSources.Source.BACKING, false, 0, 4),
                new ClusterSources.Segment(ClusterSources.Source.ZERO, false, 4, 12));
    }

    @Test
    void a_cluster_the_guest_wrote_counts_as_the_overlays_even_when_extents_split_it() {
        List<MapEntry> map = List.of(
                new MapEntry(0, 16L * CS, 1, false, true, 0, "_base/abc", false),
                new MapEntry(16L * CS, CS, 0, false, true, 5L * CS, "disk", true),
                new MapEntry(17L * CS, 3L * CS + 512, 1, false, true, 17L * CS, "_base/abc", false));
        ClusterSources m = ClusterSources.of(map, 21L * CS, CS);
        assertThat(m.inTop()).isEqualTo(1);
        assertThat(m.inTopEncrypted()).isEqualTo(1);
        assertThat(m.fromBacking()).isEqualTo(20);
        assertThat(m.summary(true)).isEqualTo(
                "1 of 21 clusters in the overlay (encrypted), 20 from the backing file (plaintext), 0 zero");
    }

    @Test
    void hex_peek_shows_the_start_and_the_boot_signature() {
        byte[] sector = new byte[512];
        sector[0] = (byte) 0xfa;
        sector[1] = 'A';
        sector[510] = 0x55;
        sector[511] = (byte) 0xaa;
        List<String> lines = HexPeek.of(sector);
        assertThat(lines.get(0)).startsWith("00000000  fa 41 00").endsWith("|.A..............|");
        assertThat(lines).contains("*");
        assertThat(lines.get(lines.size() - 1)).startsWith("000001f0 ").contains("00 55 aa  |");
    }
}
