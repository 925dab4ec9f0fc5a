package org.novalab.compute.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.ComputeConfig;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.Passphrase;

/** Volumes as qcow2+LUKS files, as CloudStack keeps them on NFS and SharedMountPoint pools. */
class FileVolumeBackendTest {
    static final long GIB = 1L << 30;
    static final String ID = "0e3c7c3a-6f1e-4d55-9c53-2b8e7d1a4f10";
    @TempDir
    Path dir;

    @Test
    void an_encrypted_volume_is_a_sparse_qcow2_luks_file_of_exactly_its_size_that_grows_but_never_shrinks()
            throws Exception {
        FileVolumeBackend backend = new FileVolumeBackend(dir.resolve("volumes"));
        try (Passphrase key = Passphrase.of("file-volume-key")) {
            backend.create(ID, GIB, Optional.of(key), ComputeConfig.LAB_LUKS);
            Path file = dir.resolve("volumes/volume-" + ID);
            ImageInfo info = Disks.java().info(file);
            assertThat(info.encrypted()).isTrue();
            assertThat(info.virtualSize()).isEqualTo(GIB);
            assertThat(Files.size(file)).isLessThan(8L << 20);
            try (BlockDevice device = backend.open(ID, Optional.of(key), true)) {
                device.write(4096, ByteBuffer.wrap(new byte[] {9, 8, 7}));
            }
            backend.extend(ID, 3 * GIB, Optional.of(key));
            assertThat(backend.guestSize(ID, Optional.of(key))).isEqualTo(3 * GIB);
            try (BlockDevice device = backend.open(ID, Optional.of(key), false)) {
                ByteBuffer back = ByteBuffer.allocate(3);
                device.read(4096, back);
                assertThat(back.array()).containsExactly(9, 8, 7);
            }
            assertThatThrownBy(() -> backend.extend(ID, GIB, Optional.of(key)))
                    .isInstanceOf(VolumeBackendException.class).hasMessageContaining("cannot shrink");
            backend.delete(ID);
            assertThat(file).doesNotExist();
        }
    }
}
