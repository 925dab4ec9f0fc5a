package org.novalab.disk.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qcow2.TestDisks;

/** Guest writes and reads done by novalab's own block layer. */
final class NovalabGuest implements GuestWriter {
    @Override
    public void applyEdits(Path image, Passphrase passphrase) {
        try (BlockDevice device = Disks.open(image, ImageFormat.QCOW2, keys(passphrase), true)) {
            GuestEdits.writeTo(device);
        }
    }

    @Override
    public void fill(Path image, Passphrase passphrase, Path source) {
        try (BlockDevice device = Disks.open(image, ImageFormat.QCOW2, keys(passphrase), true)) {
            byte[] bytes = Files.readAllBytes(source);
            int chunk = 1 << 20;
            for (int off = 0; off < bytes.length; off += chunk) {
                device.write(off, ByteBuffer.wrap(bytes, off, Math.min(chunk, bytes.length - off)));
            }
            device.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every guest byte of {@code image} through its chain, as novalab decrypts it. */
    static byte[] readAll(Path image, KeyLookup keys) {
        try (BlockDevice device = TestDisks.openProbed(image, keys, false)) {
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(device.size()));
            device.read(0, all);
            return all.array();
        }
    }

    private static KeyLookup keys(Passphrase passphrase) {
        return passphrase == null ? KeyLookup.NONE : KeyLookup.always(passphrase);
    }
}
