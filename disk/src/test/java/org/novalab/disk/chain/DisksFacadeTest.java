package org.novalab.disk.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskException;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.qcow2.TestDisks;

class DisksFacadeTest {
    @TempDir
    Path dir;

    @Test
    void theFormatIsProbedFromTheFirstBytes() {
        Path raw = TestDisks.raw(dir.resolve("a.img"), 1 << 20);
        Path qcow2 = dir.resolve("b.img");
        Disks.java().create(qcow2, CreateOptions.qcow2(1 << 20));
        Path luks = dir.resolve("c.img");
        Disks.java().create(luks, new CreateOptions(ImageFormat.LUKS, 1 << 20, null, null, 65536,
                EncryptionSpec.luks(Passphrase.of("pw"), LuksParams.withIterations(1000))));

        assertThat(FormatProbe.probe(raw)).isEqualTo(ImageFormat.RAW);
        assertThat(FormatProbe.probe(qcow2)).isEqualTo(ImageFormat.QCOW2);
        assertThat(FormatProbe.probe(luks)).isEqualTo(ImageFormat.LUKS);
        assertThat(Disks.java().info(luks).encrypted()).isTrue();
    }

    @Test
    void aRawDeviceWritesInPlaceAndRefusesAccessOutsideTheDisk() {
        Path raw = TestDisks.raw(dir.resolve("a.raw"), 1 << 20);
        try (BlockDevice d = Disks.open(raw, ImageFormat.RAW, KeyLookup.NONE, true)) {
            assertThat(d.size()).isEqualTo(1 << 20);
            d.write(1000, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThatThrownBy(() -> d.write((1 << 20) - 1, ByteBuffer.wrap(new byte[2])))
                    .isInstanceOf(DiskException.class).hasMessageContaining("outside the disk");
            assertThatThrownBy(() -> d.read(-1, ByteBuffer.allocate(1))).isInstanceOf(DiskException.class);
        }
        assertThat(TestDisks.peek(raw, 1000, 3)).containsExactly(1, 2, 3);
    }

    @Test
    void aReadOnlyDeviceRefusesWrites() {
        Path image = dir.resolve("ro.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(1 << 20));
        try (BlockDevice d = Disks.open(image, ImageFormat.QCOW2, KeyLookup.NONE, false)) {
            assertThatThrownBy(() -> d.write(0, ByteBuffer.wrap(new byte[1]))).isInstanceOf(DiskException.class)
                    .hasMessageContaining("read-only");
        }
    }

    @Test
    void eachLayerGetsItsOwnKey() {
        Path base = dir.resolve("base.qcow2");
        Disks.java().create(base, CreateOptions.qcow2(1 << 20).withEncryption(EncryptionSpec.aes(
                Passphrase.of("base-key"))));
        TestDisks.write(base, KeyLookup.always(Passphrase.of("base-key")), 0, TestDisks.pattern(4096, 1));
        Path top = dir.resolve("top.qcow2");
        Disks.java().create(top, new CreateOptions(ImageFormat.QCOW2, 0, "base.qcow2", ImageFormat.QCOW2, 65536,
                EncryptionSpec.luks(Passphrase.of("top-key"), LuksParams.withIterations(1000))));
        KeyLookup keys = image -> Optional.of(Passphrase.of(image.getFileName().toString().startsWith("base")
                ? "base-key" : "top-key"));
        TestDisks.write(top, keys, 8192, TestDisks.pattern(100, 2));

        byte[] read = TestDisks.read(top, keys, 0, 8292);
        assertThat(java.util.Arrays.copyOf(read, 4096)).isEqualTo(TestDisks.pattern(4096, 1));
        assertThat(java.util.Arrays.copyOfRange(read, 8192, 8292)).isEqualTo(TestDisks.pattern(100, 2));
    }

    @Test
    void theGuestPathRefusesABackingFileNamedWithoutItsFormatRatherThanProbeIt() {
        Path host = TestDisks.raw(dir.resolve("host-file"), 1 << 20);
        Path overlay = dir.resolve("overlay.qcow2");
        Disks.java().create(overlay, new CreateOptions(ImageFormat.QCOW2, 1 << 20, host.toString(), null, 65536,
                null));

        assertThatThrownBy(() -> Disks.open(overlay, ImageFormat.QCOW2, KeyLookup.NONE, false).close())
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("backing_fmt")
                .hasMessageContaining(host.toString());
    }

    @Test
    void theGuestPathIsToldTheTopFilesFormatNeverLeftToGuess() {
        Path image = dir.resolve("any.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(1 << 20));
        assertThatThrownBy(() -> Disks.open(image, null, KeyLookup.NONE, false))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("the format of " + image);
    }
}
