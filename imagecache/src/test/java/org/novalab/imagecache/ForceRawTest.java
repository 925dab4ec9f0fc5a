package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.fixture.FixtureGuest;
import org.novalab.imagecache.testing.CountingSource;
import org.novalab.imagecache.testing.TestImages;

/** force_raw_images: a qcow2 image becomes a raw _base file through the disk library, like Nova's convert. */
class ForceRawTest {
    static final String ID = "c0c0c0c0-0000-4000-8000-000000000002";
    @TempDir
    Path tmp;
    final DiskTool disks = Disks.java();
    Path raw;
    byte[] qcow2;

    @BeforeEach
    void qcow2OfTheFixtureGuest() throws Exception {
        raw = tmp.resolve("guest.raw");
        FixtureGuest.write(raw);
        Path q = tmp.resolve("guest.qcow2");
        disks.convert(raw, ImageFormat.RAW, KeyLookup.NONE, q, CreateOptions.qcow2(FixtureGuest.SIZE));
        qcow2 = Files.readAllBytes(q);
    }

    private ImageCache cache(boolean forceRaw, DiskTool tool) {
        CountingSource source = new CountingSource(0).add(TestImages.activeRecord(ID, "qcow2", qcow2), qcow2);
        return new ImageCache(CacheConfig.defaults(tmp.resolve("instances")).withForceRaw(forceRaw), source, tool);
    }

    @Test
    void with_force_raw_a_qcow2_image_becomes_a_raw_base_with_the_guest_bytes() throws Exception {
        ImageCache cache = cache(true, disks);

        BaseImage base = cache.fetchToBase(ID);

        assertThat(base.format()).isEqualTo(ImageFormat.RAW);
        assertThat(base.virtualSize()).isEqualTo(FixtureGuest.SIZE);
        assertThat(disks.info(base.path()).format()).isEqualTo(ImageFormat.RAW);
        assertThat(Files.mismatch(base.path(), raw)).isEqualTo(-1);
        try (Stream<Path> files = Files.list(cache.baseDir())) {
            assertThat(files).containsExactlyInAnyOrder(base.path(), BaseInfo.pathFor(base.path()));
        }
        BaseImage hit = cache.fetchToBase(ID);
        assertThat(hit.fetched()).isFalse();
        assertThat(hit.format()).isEqualTo(ImageFormat.RAW);
    }

    @Test
    void without_force_raw_the_qcow2_image_is_kept_as_downloaded() throws Exception {
        ImageCache cache = cache(false, disks);

        BaseImage base = cache.fetchToBase(ID);

        assertThat(base.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(base.virtualSize()).isEqualTo(FixtureGuest.SIZE);
        assertThat(Files.readAllBytes(base.path())).isEqualTo(qcow2);
        assertThat(cache.fetchToBase(ID).format()).isEqualTo(ImageFormat.QCOW2);
    }

    @Test
    void without_force_raw_the_safety_gate_still_inspects_the_qcow2_and_refuses_a_backing_file() throws Exception {
        Path pointing = tmp.resolve("pointing.qcow2");
        disks.create(pointing, CreateOptions.qcow2(FixtureGuest.SIZE).withBacking("/etc/passwd", ImageFormat.RAW));
        byte[] bytes = Files.readAllBytes(pointing);
        CountingSource source = new CountingSource(0).add(TestImages.activeRecord(ID, "qcow2", bytes), bytes);
        ImageCache cache = new ImageCache(CacheConfig.defaults(tmp.resolve("instances")).withForceRaw(false), source,
                disks);

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("backing");
        try (Stream<Path> files = Files.list(cache.baseDir())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void force_raw_without_a_disk_tool_fails_clearly_and_leaves_nothing() throws Exception {
        ImageCache cache = cache(true, null);

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("force_raw_images");
        try (Stream<Path> files = Files.list(cache.baseDir())) {
            assertThat(files).isEmpty();
        }
    }
}
