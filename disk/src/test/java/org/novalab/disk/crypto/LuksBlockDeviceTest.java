package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.chain.LuksLayer;

/** LUKS1 on a raw device that is not a file (an rbd image): the layout qemu-img's luks files have. */
class LuksBlockDeviceTest {
    private static final LuksParams FAST = LuksParams.withIterations(1000);
    private static final long DISK = 4 << 20;
    @TempDir
    Path tmp;

    /** A plain in-memory device standing in for an RBD image. */
    static final class MemoryDevice implements BlockDevice {
        final byte[] bytes;
        boolean closed;

        MemoryDevice(long size) {
            bytes = new byte[Math.toIntExact(size)];
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            dst.put(bytes, (int) offset, dst.remaining());
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            src.get(bytes, (int) offset, src.remaining());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static MemoryDevice formatted(byte[] data, long at) {
        LuksVolume volume = Luks1.format(Passphrase.of("correct horse"), FAST);
        MemoryDevice raw = new MemoryDevice(volume.header().payloadOffset() + DISK);
        try (LuksBlockDevice luks = LuksBlockDevice.format(raw, volume)) {
            assertThat(luks.size()).isEqualTo(DISK);
            luks.write(at, ByteBuffer.wrap(data));
        }
        return raw;
    }

    @Test
    void whatTheGuestWritesIsCiphertextOnTheDeviceAndReadsBackWithTheKey() {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        MemoryDevice raw = formatted(data, 1234);

        assertThat(Luks1.isLuks(Arrays.copyOf(raw.bytes, 8))).isTrue();
        assertThat(raw.closed).isTrue();
        long payload = LuksBlockDevice.header(raw).payloadOffset();
        assertThat(Arrays.copyOfRange(raw.bytes, (int) payload + 1234, (int) payload + 1234 + data.length))
                .isNotEqualTo(data);
        try (LuksBlockDevice luks = LuksBlockDevice.open(raw, Passphrase.of("correct horse"))) {
            ByteBuffer back = ByteBuffer.allocate(data.length);
            luks.read(1234, back);
            assertThat(back.array()).isEqualTo(data);
        }
    }

    @Test
    void aWrongPassphraseIsRefused() {
        MemoryDevice raw = formatted(new byte[512], 0);
        assertThatThrownBy(() -> LuksBlockDevice.open(raw, Passphrase.of("wrong")))
                .isInstanceOf(InvalidPassphrase.class);
    }

    @Test
    void theBytesAreTheLuksFileQemuImgWritesSoTheFileReaderOpensThem() throws Exception {
        byte[] data = "a guest's first sector".getBytes();
        MemoryDevice raw = formatted(data, 512);
        Path file = tmp.resolve("disk.luks");
        Files.write(file, raw.bytes);
        try (LuksLayer layer = LuksLayer.open(file, false, Passphrase.of("correct horse"))) {
            byte[] back = new byte[data.length];
            layer.readData(512, back, 0, back.length);
            assertThat(back).isEqualTo(data);
            assertThat(layer.size()).isEqualTo(DISK);
        }
    }
}
