package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.io.AllocatedSize;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.inspect.CraftedQcow2;
import org.novalab.imagecache.testing.CountingSource;
import org.novalab.imagecache.testing.TestImages;

/** force_raw_images and max_conversion_ratio: what a conversion may allocate, decided before it writes. */
class ConversionLimitTest {
    static final String ID = "c0c0c0c0-0000-4000-8000-000000000003";
    @TempDir
    Path tmp;

    private ImageCache cache(byte[] qcow2, CacheConfig config) {
        CountingSource source = new CountingSource(0).add(TestImages.activeRecord(ID, "qcow2", qcow2), qcow2);
        return new ImageCache(config, source, Disks.java());
    }

    private CacheConfig defaults() {
        return CacheConfig.defaults(tmp.resolve("instances"));
    }

    @Test
    void a_sparse_qcow2_becomes_a_sparse_raw_base() throws Exception {
        CraftedQcow2 image = CraftedQcow2.of(1L << 30);
        byte[] cluster = new byte[CraftedQcow2.CLUSTER_SIZE];
        Arrays.fill(cluster, (byte) 0x5a);
        byte[] qcow2 = image.map(4096, image.data(cluster)).build().bytes();

        BaseImage base = cache(qcow2, defaults()).fetchToBase(ID);

        assertThat(base.format()).isEqualTo(ImageFormat.RAW);
        assertThat(Files.size(base.path())).isEqualTo(1L << 30);
        assertThat(AllocatedSize.of(base.path())).isLessThanOrEqualTo(1L << 20);
        try (var in = Files.newByteChannel(base.path())) {
            java.nio.ByteBuffer read = java.nio.ByteBuffer.allocate(cluster.length);
            in.position(4096L * CraftedQcow2.CLUSTER_SIZE).read(read);
            assertThat(read.array()).isEqualTo(cluster);
        }
    }

    @Test
    void an_honest_qcow2_passes_the_default_ratio_and_a_lower_ratio_refuses_it() throws Exception {
        Path raw = tmp.resolve("guest.raw");
        FixtureGuest.write(raw);
        Path q = tmp.resolve("guest.qcow2");
        Disks.java().convert(raw, ImageFormat.RAW, KeyLookup.NONE, q, CreateOptions.qcow2(FixtureGuest.SIZE));
        byte[] qcow2 = Files.readAllBytes(q);

        assertThat(cache(qcow2, defaults()).fetchToBase(ID).format()).isEqualTo(ImageFormat.RAW);

        ImageCache strict = cache(qcow2, CacheConfig.defaults(tmp.resolve("strict")).withMaxConversionRatio(0.5));
        assertThatThrownBy(() -> strict.fetchToBase(ID)).isInstanceOf(ConversionTooLarge.class)
                .hasMessageContaining("image " + ID + " refused: converting it to raw would allocate")
                .hasMessageContaining("beyond max_conversion_ratio 0.5");
        try (Stream<Path> files = Files.list(strict.baseDir())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void the_ratio_is_a_positive_number() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> defaults().withMaxConversionRatio(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_conversion_ratio");
        }
        assertThat(defaults().maxConversionRatio()).isEqualTo(CacheConfig.DEFAULT_MAX_CONVERSION_RATIO);
    }
}
