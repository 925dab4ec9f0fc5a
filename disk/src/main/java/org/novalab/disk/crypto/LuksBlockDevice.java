package org.novalab.disk.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.DiskException;
import org.novalab.disk.Passphrase;

/**
 * A LUKS1 container on any raw block device, as QEMU's {@code luks} driver layers over a protocol that is not a file
 * (an rbd image, as a volume or as an instance's root disk): the header and key material at offset 0, the aes-xts-plain64 payload after them, its sectors
 * numbered from the payload's start. The guest sees the payload only: a device of {@code payloadOffset + n} bytes
 * is a disk of n. Closing this closes the device below and forgets the master key.
 */
public final class LuksBlockDevice implements BlockDevice {
    private static final int SECTOR = SectorCipher.SECTOR_SIZE;
    private final BlockDevice raw;
    private final LuksVolume volume;
    private final SectorCipher cipher;
    private final long payloadOffset;

    private LuksBlockDevice(BlockDevice raw, LuksVolume volume) {
        this.raw = raw;
        this.volume = volume;
        this.cipher = volume.cipher();
        this.payloadOffset = volume.header().payloadOffset();
    }

    /**
     * Writes {@code volume}'s header and key material at the start of {@code raw} and returns the container open
     * (no second key derivation). {@code raw} must already hold the header and the payload; this takes it over.
     */
    public static LuksBlockDevice format(BlockDevice raw, LuksVolume volume) {
        writeHeader(raw, volume);
        return new LuksBlockDevice(raw, volume);
    }

    /** Writes a freshly formatted {@code volume}'s header and key material at the start of {@code raw}, flushed. */
    public static void writeHeader(BlockDevice raw, LuksVolume volume) {
        long offset = volume.header().payloadOffset();
        if (raw.size() < offset) {
            throw new DiskException("a device of " + raw.size() + " bytes cannot hold a LUKS header of " + offset);
        }
        byte[] header = volume.headerBytes();
        try {
            raw.write(0, ByteBuffer.wrap(header));
            raw.flush();
        } finally {
            Arrays.fill(header, (byte) 0);
        }
    }

    /** Unlocks the container on {@code raw}; {@link org.novalab.disk.InvalidPassphrase} for a wrong passphrase. */
    public static LuksBlockDevice open(BlockDevice raw, Passphrase passphrase) {
        LuksHeader header = header(raw);
        byte[] all = new byte[Math.toIntExact(header.payloadOffset())];
        raw.read(0, ByteBuffer.wrap(all));
        try {
            return new LuksBlockDevice(raw, Luks1.open(all, passphrase));
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    /** The container's header (no passphrase needed). */
    public static LuksHeader header(BlockDevice raw) {
        if (raw.size() < LuksHeader.LENGTH) {
            throw new CorruptImage("LUKS header truncated: the device has " + raw.size() + " bytes");
        }
        byte[] head = new byte[(int) Math.min(4096, raw.size())];
        raw.read(0, ByteBuffer.wrap(head));
        LuksHeader header = LuksHeader.parse(head);
        if (header.payloadOffset() > raw.size()) {
            throw new CorruptImage("LUKS payload offset beyond the end of the device");
        }
        return header;
    }

    public LuksHeader luksHeader() {
        return volume.header();
    }

    @Override
    public long size() {
        return raw.size() - payloadOffset;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        long end = Math.min(offset + dst.remaining(), size());
        if (offset < end) {
            long start = offset & ~(SECTOR - 1L);
            long alignedEnd = (end + SECTOR - 1) & ~(SECTOR - 1L);
            byte[] buf = new byte[Math.toIntExact(alignedEnd - start)];
            raw.read(payloadOffset + start, ByteBuffer.wrap(buf));
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
            throw new DiskException("write of " + len + " bytes at " + offset + " is outside the disk");
        }
        long start = offset & ~(SECTOR - 1L);
        long end = (offset + len + SECTOR - 1) & ~(SECTOR - 1L);
        byte[] buf = new byte[Math.toIntExact(end - start)];
        if (start != offset || end != offset + len) {
            // a partial sector: its other bytes are the guest's, so decrypt them first
            raw.read(payloadOffset + start, ByteBuffer.wrap(buf));
            cipher.decrypt(start / SECTOR, buf, 0, buf.length);
        }
        src.get(buf, Math.toIntExact(offset - start), len);
        cipher.encrypt(start / SECTOR, buf, 0, buf.length);
        raw.write(payloadOffset + start, ByteBuffer.wrap(buf));
    }

    @Override
    public void flush() {
        raw.flush();
    }

    @Override
    public void close() {
        try {
            raw.close();
        } finally {
            volume.close();
        }
    }
}
