package org.novalab.compute.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.ComputeConfig;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.Passphrase;
import org.novalab.storage.ImageInfo;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/** Volumes in the RBD layout: Cinder's names, LUKS in the raw image, sparse objects, exact guest sizes. */
class RbdVolumeBackendTest {
    static final long GIB = 1L << 30;
    static final String ID = "5aa119a8-d25b-45a7-8d1b-88e127885635";
    @TempDir
    Path dir;
    Pool pool;
    RbdVolumeBackend backend;

    @BeforeEach
    void pool() {
        pool = DirectoryCluster.open(dir).createPool("volumes");
        backend = new RbdVolumeBackend(pool);
    }

    @Test
    void an_encrypted_volume_is_the_image_volume_uuid_holding_a_luks_header_and_nothing_else() {
        try (Passphrase key = Passphrase.of("volume-test-key")) {
            backend.create(ID, GIB, Optional.of(key), ComputeConfig.LAB_LUKS);
            ImageInfo info = pool.open("volume-" + ID).stat();
            assertThat(pool.list()).containsExactly("volume-" + ID);
            assertThat(backend.locationOf(ID)).isEqualTo("volumes/volume-" + ID);
            // 4 MiB objects as Cinder's rbd_store_chunk_size; the 2 MiB LUKS header fits in the first one
            assertThat(info.order()).isEqualTo(22);
            assertThat(pool.dataObjects(info)).containsExactly("rbd_data." + info.id() + ".0000000000000000");
            assertThat(pool.listObjects()).contains("rbd_id.volume-" + ID, "rbd_header." + info.id());
            byte[] first = pool.read("rbd_data." + info.id() + ".0000000000000000");
            assertThat(new String(first, 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("LUKS");
            assertThat(backend.guestSize(ID, Optional.of(key))).isEqualTo(GIB);

            byte[] data = "what the guest wrote at 512 MiB".getBytes(StandardCharsets.US_ASCII);
            try (BlockDevice device = backend.open(ID, Optional.of(key), true)) {
                assertThat(device.size()).isEqualTo(GIB);
                device.write(512L << 20, ByteBuffer.wrap(data));
                device.flush();
            }
            // one more object, at the payload offset + 512 MiB, and it holds ciphertext only
            assertThat(pool.dataObjects(info)).hasSize(2);
            String written = pool.dataObjects(info).get(1);
            assertThat(new String(pool.read(written), StandardCharsets.ISO_8859_1)).doesNotContain("guest wrote");
            try (BlockDevice device = backend.open(ID, Optional.of(key), false)) {
                ByteBuffer back = ByteBuffer.allocate(data.length);
                device.read(512L << 20, back);
                assertThat(back.array()).isEqualTo(data);
            }
        }
        try (Passphrase wrong = Passphrase.of("not-the-key")) {
            assertThatThrownBy(() -> backend.open(ID, Optional.of(wrong), false)).isInstanceOf(InvalidPassphrase.class);
        }
    }

    @Test
    void extend_makes_the_guest_see_exactly_the_new_size_and_a_shrink_is_refused() {
        try (Passphrase key = Passphrase.of("volume-test-key")) {
            backend.create(ID, GIB, Optional.of(key), ComputeConfig.LAB_LUKS);
            try (BlockDevice device = backend.open(ID, Optional.of(key), true)) {
                device.write(GIB - 512, ByteBuffer.wrap(new byte[] {1, 2, 3}));
                device.flush();
            }
            backend.extend(ID, 2 * GIB, Optional.of(key));
            assertThat(backend.guestSize(ID, Optional.of(key))).isEqualTo(2 * GIB);
            try (BlockDevice device = backend.open(ID, Optional.of(key), false)) {
                assertThat(device.size()).isEqualTo(2 * GIB);
                ByteBuffer back = ByteBuffer.allocate(3);
                device.read(GIB - 512, back);
                assertThat(back.array()).containsExactly(1, 2, 3);
            }
            assertThatThrownBy(() -> backend.extend(ID, GIB, Optional.of(key)))
                    .isInstanceOf(VolumeBackendException.class).hasMessageContaining("cannot shrink");
            assertThat(backend.guestSize(ID, Optional.of(key))).isEqualTo(2 * GIB);
        }
    }

    @Test
    void a_plain_volume_stores_no_object_until_written_and_delete_leaves_nothing() {
        backend.create(ID, GIB, Optional.empty(), ComputeConfig.LAB_LUKS);
        ImageInfo info = pool.open("volume-" + ID).stat();
        assertThat(pool.dataObjects(info)).isEmpty();
        assertThat(info.size()).isEqualTo(GIB);
        assertThatThrownBy(() -> backend.create(ID, GIB, Optional.empty(), ComputeConfig.LAB_LUKS))
                .isInstanceOf(VolumeBackendException.class);
        backend.delete(ID);
        assertThat(pool.list()).isEmpty();
        assertThat(pool.listObjects()).noneMatch(o -> o.contains(info.id()));
        backend.delete(ID); // a second delete finds nothing to do
    }
}
