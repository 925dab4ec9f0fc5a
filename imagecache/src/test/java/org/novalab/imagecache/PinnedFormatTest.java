package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.imagecache.testing.CountingSource;
import org.novalab.imagecache.testing.TestImages;

/**
 * A base is opened as the format the gate verified when it was fetched, never as what its bytes look like later:
 * after {@code force_raw_images} a base is guest data, and guest data may be a qcow2 header naming a host file.
 */
class PinnedFormatTest {
    static final String ID = "c0c0c0c0-0000-4000-8000-0000000000f1";
    static final int GUEST_SIZE = 1 << 20;
    @TempDir
    Path tmp;
    final DiskTool disks = Disks.java();
    Path hostFile;
    byte[] guestData;
    byte[] image;

    /** A qcow2 image whose guest disk starts with a qcow2 header whose backing file is a file of the host. */
    @BeforeEach
    void anImageWhoseGuestDataIsAQcow2HeaderNamingAHostFile() throws Exception {
        hostFile = Files.writeString(tmp.resolve("host-secret"), "HOST-SECRET ".repeat(1000));
        Path inner = tmp.resolve("inner.qcow2");
        disks.create(inner, new CreateOptions(ImageFormat.QCOW2, GUEST_SIZE, hostFile.toString(), ImageFormat.RAW,
                CreateOptions.DEFAULT_CLUSTER_SIZE, null));
        guestData = Arrays.copyOf(Files.readAllBytes(inner), GUEST_SIZE);
        Path guest = Files.write(tmp.resolve("guest.raw"), guestData);
        Path outer = tmp.resolve("image.qcow2");
        disks.convert(guest, ImageFormat.RAW, KeyLookup.NONE, outer, CreateOptions.qcow2(GUEST_SIZE));
        image = Files.readAllBytes(outer);
    }

    private ImageCache cache(boolean forceRaw, CountingSource source) {
        return new ImageCache(CacheConfig.defaults(tmp.resolve("instances")).withForceRaw(forceRaw), source, disks);
    }

    private CountingSource glance() {
        return new CountingSource(0).add(TestImages.activeRecord(ID, "qcow2", image), image);
    }

    @Test
    void a_converted_base_whose_guest_data_looks_like_qcow2_stays_raw_on_every_later_boot() throws Exception {
        ImageCache cache = cache(true, glance());
        BaseImage fetched = cache.fetchToBase(ID);
        BaseImage hit = cache.fetchToBase(ID);

        assertThat(fetched.format()).isEqualTo(ImageFormat.RAW);
        assertThat(hit.fetched()).isFalse();
        assertThat(hit.format()).as("the format of the cache hit").isEqualTo(ImageFormat.RAW);
        assertThat(hit.virtualSize()).isEqualTo(GUEST_SIZE);
        byte[] guestReads = guestView(hit);
        assertThat(new String(guestReads, StandardCharsets.ISO_8859_1)).as("what a guest booted from the hit reads")
                .doesNotContain("HOST-SECRET");
        assertThat(guestReads).isEqualTo(guestData);
    }

    @Test
    void the_verified_format_is_written_beside_the_base() throws Exception {
        BaseImage base = cache(true, glance()).fetchToBase(ID);
        assertThat(BaseInfo.readFor(base.path())).contains(new BaseInfo(ID, ImageFormat.RAW, GUEST_SIZE));
        assertThat(Files.readString(BaseInfo.pathFor(base.path())))
                .contains("\"format\":\"raw\"").contains("\"image_id\":\"" + ID + "\"");
    }

    @Test
    void without_force_raw_the_qcow2_base_is_pinned_as_qcow2() throws Exception {
        ImageCache cache = cache(false, glance());
        cache.fetchToBase(ID);
        BaseImage hit = cache.fetchToBase(ID);
        assertThat(hit.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(guestView(hit)).isEqualTo(guestData);
    }

    @Test
    void a_converted_base_of_an_earlier_version_without_its_info_is_pinned_raw() throws Exception {
        ImageCache cache = cache(true, glance());
        Path base = cache.fetchToBase(ID).path();
        Files.delete(BaseInfo.pathFor(base));

        BaseImage hit = cache.fetchToBase(ID);

        assertThat(hit.fetched()).as("kept, not fetched again").isFalse();
        assertThat(hit.format()).isEqualTo(ImageFormat.RAW);
        assertThat(BaseInfo.readFor(base)).map(BaseInfo::format).contains(ImageFormat.RAW);
    }

    @Test
    void an_earlier_versions_base_that_is_the_image_as_glance_stores_it_keeps_glances_verified_format()
            throws Exception {
        ImageCache cache = cache(false, glance());
        Path base = cache.fetchToBase(ID).path();
        Files.delete(BaseInfo.pathFor(base));

        assertThat(cache.fetchToBase(ID).format()).isEqualTo(ImageFormat.QCOW2);
    }

    @Test
    void an_earlier_versions_base_of_an_image_glance_no_longer_has_is_pinned_raw() throws Exception {
        Path base = cache(false, glance()).fetchToBase(ID).path();
        Files.delete(BaseInfo.pathFor(base));

        assertThat(cache(false, new CountingSource(0)).fetchToBase(ID).format()).isEqualTo(ImageFormat.RAW);
    }

    @Test
    void an_unreadable_info_is_a_clear_failure_not_a_guess() throws Exception {
        ImageCache cache = cache(true, glance());
        Path base = cache.fetchToBase(ID).path();
        Files.writeString(BaseInfo.pathFor(base), "{\"format\":");

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining(BaseInfo.pathFor(base).toString()).hasMessageContaining("fetch it again");
    }

    private static byte[] guestView(BaseImage base) {
        try (BlockDevice dev = Disks.open(base.path(), base.format(), KeyLookup.NONE, false)) {
            java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate((int) dev.size());
            dev.read(0, all);
            return all.array();
        }
    }
}
