package org.novalab.compute.volume;

import java.nio.ByteBuffer;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.DiskException;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksHeader;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.crypto.SectorCipher;
import org.novalab.storage.Image;

/**
 * A LUKS1 container directly in a raw RBD image, as QEMU's luks driver layers over an rbd disk: the header and
 * key material at the start of the image, the aes-xts-plain64 payload after them, its sectors numbered from the
 * payload's start. The guest sees the payload only, so an image of {@code payloadOffset + n} bytes is a disk of n.
 */
public final class LuksImageDevice implements BlockDevice {
    private static final int SECTOR = SectorCipher.SECTOR_SIZE;
    private final Image image;
    private final long payloadOffset;
    private final LuksVolume volume;
    private final SectorCipher cipher;

    private LuksImageDevice(Image image, LuksVolume volume) {
        this.image = image;
        this.volume = volume;
        this.payloadOffset = volume.header().payloadOffset();
        this.cipher = volume.cipher();
    }

    /** Unlocks the container in {@code image}; {@link org.novalab.disk.InvalidPassphrase} for a wrong passphrase. */
    public static LuksImageDevice open(Image image, Passphrase passphrase) {
        byte[] phdr = image.read(0, 4096);
        LuksHeader header = LuksHeader.parse(phdr);
        if (header.payloadOffset() > image.size()) {
            throw new DiskException("'" + image.name() + "': LUKS payload offset beyond the end of the image");
        }
        byte[] all = image.read(0, Math.toIntExact(header.payloadOffset()));
        return new LuksImageDevice(image, Luks1.open(all, passphrase));
    }

    /** Writes a freshly formatted {@code volume}'s header and key material at the image's start. */
    static void writeHeader(Image image, LuksVolume volume) {
        byte[] header = volume.headerBytes();
        try {
            image.write(0, ByteBuffer.wrap(header));
            image.flush();
        } finally {
            java.util.Arrays.fill(header, (byte) 0);
        }
    }

    /** The LUKS payload offset of the container in {@code image} (no passphrase needed). */
    static long payloadOffset(Image image) {
        return LuksHeader.parse(image.read(0, 4096)).payloadOffset();
    }

    @Override
    public long size() {
        return image.size() - payloadOffset;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        long end = Math.min(offset + len, size());
        if (offset < end) {
            long start = offset & ~(SECTOR - 1L);
            long alignedEnd = (end + SECTOR - 1) & ~(SECTOR - 1L);
            byte[] buf = new byte[Math.toIntExact(alignedEnd - start)];
            readPayload(start, buf);
            cipher.decrypt(start / SECTOR, buf, 0, buf.length);
            dst.put(buf, Math.toIntExact(offset - start), Math.toIntExact(end - offset));
        }
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        int len = src.remaining();
        if (offset < 0 || offset + len > size()) {
            throw new DiskException("write of " + len + " bytes at " + offset + " is outside the volume");
        }
        long start = offset & ~(SECTOR - 1L);
        long end = (offset + len + SECTOR - 1) & ~(SECTOR - 1L);
        byte[] buf = new byte[Math.toIntExact(end - start)];
        if (start != offset || end != offset + len) {
            readPayload(start, buf);
            cipher.decrypt(start / SECTOR, buf, 0, buf.length);
        }
        src.get(buf, Math.toIntExact(offset - start), len);
        cipher.encrypt(start / SECTOR, buf, 0, buf.length);
        image.write(payloadOffset + start, ByteBuffer.wrap(buf));
    }

    /** The payload's stored (encrypted) bytes; the image's end is sector-aligned, so this fills {@code buf}. */
    private void readPayload(long start, byte[] buf) {
        ByteBuffer b = ByteBuffer.wrap(buf);
        image.read(payloadOffset + start, b);
    }

    @Override
    public void flush() {
        image.flush();
    }

    @Override
    public void close() {
        try {
            image.close();
        } finally {
            volume.close();
        }
    }
}
