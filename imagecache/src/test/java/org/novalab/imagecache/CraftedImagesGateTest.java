package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novalab.disk.Disks;
import org.novalab.image.inspect.CraftedImages;
import org.novalab.image.inspect.CraftedImages.Hostile;
import org.novalab.image.inspect.CraftedQcow2;
import org.novalab.imagecache.testing.CountingSource;
import org.novalab.imagecache.testing.TestImages;

/**
 * Issue 15's crafted qcow2 images against the safety gate and the image cache: each is refused, in words that
 * name what is wrong, before anything is written to {@code _base}.
 */
class CraftedImagesGateTest {
    static final String ID = "c0c0c0c0-0000-4000-8000-00000000c0de";
    @TempDir
    Path dir;
    final SafetyGate gate = new SafetyGate(CacheConfig.ONE_TIB);

    static Stream<Hostile> refusedByTheGate() {
        return CraftedImages.hostileQcow2().stream().filter(h -> h.refusedBy() == Hostile.RefusedBy.SAFETY_GATE);
    }

    static Stream<Hostile> refusedByTheConversionLimit() {
        return CraftedImages.hostileQcow2().stream()
                .filter(h -> h.refusedBy() == Hostile.RefusedBy.CONVERSION_LIMIT);
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "crafted", ".qcow2"), bytes);
    }

    private ImageCache cache(byte[] image) {
        CountingSource source = new CountingSource(0).add(TestImages.activeRecord(ID, "qcow2", image), image);
        return new ImageCache(CacheConfig.defaults(dir.resolve("instances")), source, Disks.java());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheGate")
    void the_gate_refuses_it_naming_the_problem(Hostile crafted) throws IOException {
        Path image = file(crafted.image());
        assertThatThrownBy(() -> gate.check("img-1", "qcow2", image)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("img-1").hasMessageContaining(crafted.refusal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheGate")
    void the_cache_refuses_it_and_base_stays_empty(Hostile crafted) throws IOException {
        ImageCache cache = cache(crafted.image());
        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining(crafted.refusal());
        assertBaseEmpty(cache);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheConversionLimit")
    void a_disk_fill_bomb_passes_the_gate_but_force_raw_refuses_it_before_writing(Hostile crafted)
            throws IOException {
        assertThat(gate.check("img-1", "qcow2", file(crafted.image())).isSafe()).isTrue();
        ImageCache cache = cache(crafted.image());

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOfSatisfying(ConversionTooLarge.class, e -> {
            assertThat(e.rawBytes()).isEqualTo(4L << 30);
            assertThat(e.storedBytes()).isEqualTo(crafted.image().length);
        }).hasMessageContaining(crafted.refusal()).hasMessageContaining("65536 guest clusters mapped onto 1 distinct"
                + " host clusters");
        assertBaseEmpty(cache);
        assertThat(cache.metrics().refused()).isEqualTo(1);
    }

    @Test
    void a_virtual_size_of_2_to_the_63_is_too_large_and_never_shown_negative() throws IOException {
        Path image = file(CraftedImages.qcow2VirtualSize(1L << 63));
        assertThatThrownBy(() -> gate.check("img-1", "qcow2", image))
                .isInstanceOfSatisfying(ImageTooLarge.class, e -> assertThat(e.virtualSize()).isEqualTo(1L << 63))
                .hasMessage("image img-1 has virtual size 9223372036854775808 bytes, beyond the limit of "
                        + CacheConfig.ONE_TIB + " bytes");
        Path largest = file(CraftedImages.qcow2VirtualSize(-1));
        assertThatThrownBy(() -> gate.check("img-1", "qcow2", largest)).isInstanceOf(ImageTooLarge.class)
                .hasMessageContaining("18446744073709551615 bytes");
    }

    @Test
    void valid_layouts_pass_the_gate_the_bomb_and_a_version_2_image_among_them() throws IOException {
        CraftedQcow2 many = CraftedQcow2.of(2L << 30);
        for (long guest = 0; guest < 20000; guest += 997) {
            many.map(guest, many.data(new byte[] {(byte) guest, 1, 2, 3}));
        }
        assertThat(gate.check("img-1", "qcow2", file(many.build().bytes())).isSafe()).isTrue();
        CraftedQcow2 v2 = CraftedQcow2.of(1L << 30).version(2);
        assertThat(gate.check("img-1", "qcow2", file(v2.map(3, v2.data(new byte[] {1})).build().bytes())).isSafe())
                .isTrue();
        assertThat(gate.check("img-1", "qcow2", file(CraftedImages.qcow2DiskFillBomb())).isSafe()).isTrue();
    }

    private static void assertBaseEmpty(ImageCache cache) throws IOException {
        if (Files.isDirectory(cache.baseDir())) {
            try (Stream<Path> files = Files.list(cache.baseDir())) {
                assertThat(files).isEmpty();
            }
        }
    }
}
