package org.novalab.disk.chain;

import java.nio.file.Path;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.DiskException;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksHeader;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.crypto.SectorCipher;
import org.novalab.disk.layer.Extent;
import org.novalab.disk.layer.GuestReader;
import org.novalab.disk.layer.Layer;
import org.novalab.disk.layer.RawLayer;

/**
 * A raw LUKS1 container ({@code qemu-img create -f luks}): the payload follows the header and key material;
 * sectors are numbered from the start of the payload (guest offset / 512).
 */
public final class LuksLayer implements Layer {
    private final RawLayer file;
    private final LuksHeader header;
    private final SectorCipher cipher;
    /** The unlocked volume, closed (master key zeroed) with this layer; null when locked. */
    private final LuksVolume volume;

    private LuksLayer(RawLayer file, LuksHeader header, LuksVolume volume) {
        this.file = file;
        this.header = header;
        this.volume = volume;
        this.cipher = volume == null ? null : volume.cipher();
    }

    /** A layer over a container just formatted with {@code volume} (no second key derivation). */
    static LuksLayer ofNewVolume(RawLayer file, LuksVolume volume) {
        return new LuksLayer(file, volume.header(), volume);
    }

    public static LuksLayer openLocked(Path path, boolean writable) {
        RawLayer file = RawLayer.open(path, writable);
        try {
            return new LuksLayer(file, readHeader(file, 4096), null);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public static LuksLayer open(Path path, boolean writable, Passphrase passphrase) {
        RawLayer file = RawLayer.open(path, writable);
        try {
            LuksHeader header = readHeader(file, 4096);
            byte[] all = new byte[(int) header.payloadOffset()];
            file.readData(0, all, 0, all.length);
            return new LuksLayer(file, header, Luks1.open(all, passphrase));
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static LuksHeader readHeader(RawLayer file, int max) {
        if (file.size() < LuksHeader.LENGTH) {
            throw new CorruptImage("'" + file.path() + "': LUKS header truncated");
        }
        byte[] head = new byte[(int) Math.min(max, file.size())];
        file.readData(0, head, 0, head.length);
        LuksHeader header = LuksHeader.parse(head);
        if (header.payloadOffset() > file.size()) {
            throw new CorruptImage("'" + file.path() + "': LUKS payload offset beyond the end of the file");
        }
        return header;
    }

    public LuksHeader header() {
        return header;
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.LUKS;
    }

    @Override
    public long size() {
        return file.size() - header.payloadOffset();
    }

    @Override
    public boolean encrypted() {
        return true;
    }

    @Override
    public Extent extent(long offset, long maxLength) {
        return new Extent(Extent.Kind.DATA, Math.min(maxLength, size() - offset), offset + header.payloadOffset());
    }

    private SectorCipher cipher() {
        if (cipher == null) {
            throw new PassphraseRequired("'" + path() + "' is encrypted: a passphrase is required");
        }
        return cipher;
    }

    @Override
    public void readData(long offset, byte[] buf, int off, int len) {
        long start = offset & ~511L;
        long end = (offset + len + 511) & ~511L;
        byte[] tmp = start == offset && end == offset + len ? null : new byte[(int) (end - start)];
        byte[] target = tmp == null ? buf : tmp;
        int tOff = tmp == null ? off : 0;
        file.readData(start + header.payloadOffset(), target, tOff, (int) (end - start));
        cipher().decrypt(start / 512, target, tOff, (int) (end - start));
        if (tmp != null) {
            System.arraycopy(tmp, (int) (offset - start), buf, off, len);
        }
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len, GuestReader below) {
        if (offset < 0 || offset + len > size()) {
            throw new DiskException("write of " + len + " bytes at " + offset + " is outside the disk");
        }
        long start = offset & ~511L;
        long end = (offset + len + 511) & ~511L;
        byte[] tmp = new byte[(int) (end - start)];
        if (start != offset || end != offset + len) {
            readData(start, tmp, 0, tmp.length);
        }
        System.arraycopy(buf, off, tmp, (int) (offset - start), len);
        cipher().encrypt(start / 512, tmp, 0, tmp.length);
        file.write(start + header.payloadOffset(), tmp, 0, tmp.length, below);
    }

    @Override
    public void flush() {
        file.flush();
    }

    @Override
    public void close() {
        file.close();
        if (volume != null) {
            volume.close();
        }
    }
}
