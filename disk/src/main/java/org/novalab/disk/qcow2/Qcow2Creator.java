package org.novalab.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskException;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.crypto.QcowAes;
import org.novalab.disk.crypto.SectorCipher;

/**
 * Lays out a new qcow2 v3 (compat 1.1) image the way qemu-img 7.2's {@code create} does: header in cluster 0,
 * a one-cluster refcount table in cluster 1, a refcount block in cluster 2, then the L1 table (sized exactly for
 * the disk) and, for LUKS, the LUKS header and key material in whole clusters after it.
 */
public final class Qcow2Creator {
    private Qcow2Creator() {
    }

    /** Writes the image into {@code file}, an empty file (the caller renames it into place). */
    public static void create(Path file, CreateOptions options) {
        validate(options);
        if (!writeDirectly(file, options)) {
            createOpen(file, options).close();
        }
    }

    private static void validate(CreateOptions options) {
        int cs = options.clusterSize();
        if (Integer.bitCount(cs) != 1 || cs < 512 || cs > (2 << 20)) {
            throw new UnsupportedImage("Cluster size must be a power of two between 512 and 2048k");
        }
        if (options.size() < 0) {
            throw new UnsupportedImage("Image size must be non-negative");
        }
        if (options.size() % 512 != 0) {
            throw new UnsupportedImage("Image size must be a multiple of 512 bytes");
        }
    }

    /**
     * The common case in one write (an overlay is created per instance, so this is hot): when the L1 table fits
     * in the clusters the first refcount block covers and no LUKS header is needed, the whole image is known up
     * front: header, refcount table, refcount block, then the L1 table. Same bytes as the general path.
     */
    private static boolean writeDirectly(Path file, CreateOptions options) {
        int cs = options.clusterSize();
        int bits = Integer.numberOfTrailingZeros(cs);
        long l1Entries = Qcow2Header.l1EntriesFor(options.size(), bits);
        long l1Clusters = (l1Entries * 8 + cs - 1) / cs;
        boolean luks = options.encryption() != null && options.encryption().format() == EncryptionFormat.LUKS;
        if (luks || l1Entries * 8 > Qcow2Header.MAX_L1_BYTES || 3 + l1Clusters > (long) cs * 8 / 16) {
            return false;
        }
        Qcow2Header h = new Qcow2Header();
        h.clusterBits = bits;
        h.size = options.size();
        h.l1Size = (int) l1Entries;
        h.l1TableOffset = l1Entries > 0 ? 3L * cs : 0;
        h.refcountTableOffset = cs;
        h.refcountTableClusters = 1;
        if (options.backingFile() != null) {
            h.backingFile = options.backingFile();
            h.backingFormat = options.backingFormat() == null ? null : options.backingFormat().qemuName();
        }
        if (options.encryption() != null) {
            h.cryptMethod = 1;
        }
        ByteBuffer image = ByteBuffer.allocate((int) (3L * cs + l1Entries * 8));
        image.put(h.encode(cs));
        image.putLong(cs, 2L * cs);
        for (int i = 0; i < 3 + l1Clusters; i++) {
            image.putShort(2 * cs + 2 * i, (short) 1);
        }
        try (ImageFile out = new ImageFile(file, openWrite(file), true)) {
            out.writeFresh(0, image.array(), 0, image.capacity());
        }
        return true;
    }

    /**
     * Like {@link #create}, and returns the new image open for writing, already unlocked when encrypted (so a
     * convert does not pay the key derivation twice).
     */
    public static Qcow2Image createOpen(Path file, CreateOptions options) {
        validate(options);
        int cs = options.clusterSize();
        Qcow2Header h = new Qcow2Header();
        h.clusterBits = Integer.numberOfTrailingZeros(cs);
        h.refcountTableOffset = cs;
        h.refcountTableClusters = 1;
        ByteBuffer start = ByteBuffer.allocate(3 * cs);
        start.put(h.encode(cs));
        start.putLong(cs, 2L * cs);
        for (int i = 0; i < 3; i++) {
            start.putShort(2 * cs + 2 * i, (short) 1);
        }
        try (ImageFile out = new ImageFile(file, openWrite(file), true)) {
            out.writeFresh(0, start.array(), 0, start.capacity());
        }
        Qcow2Image image = Qcow2Image.open(file, true);
        // a new image is a temporary file until the caller syncs and renames it
        image.file().deferSyncs();
        try {
            image.grow(options.size());
            Qcow2Header header = image.header();
            if (options.backingFile() != null) {
                header.backingFile = options.backingFile();
                header.backingFormat = options.backingFormat() == null ? null : options.backingFormat().qemuName();
            }
            if (options.encryption() != null) {
                setUpEncryption(image, options.encryption());
            }
            image.rewriteHeader();
            return image;
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    private static void setUpEncryption(Qcow2Image image, EncryptionSpec spec) {
        Qcow2Header header = image.header();
        if (spec.format() == EncryptionFormat.AES) {
            header.cryptMethod = 1;
            if (spec.passphrase() == null) {
                return;
            }
            SectorCipher aes = QcowAes.cipher(spec.passphrase());
            image.unlock(Qcow2Encryption.guestNumbered(aes), aes);
            return;
        }
        // the LUKS header and key material go in whole clusters right after the L1 table, as qemu-img puts them
        LuksVolume volume = Luks1.format(spec.passphrase(), spec.luks());
        try {
            byte[] luks = volume.headerBytes();
            int cs = image.clusterSize();
            int clusters = (luks.length + cs - 1) / cs;
            long offset = image.refcounts().allocate(clusters);
            image.refcounts().flush(image::rewriteHeader);
            byte[] padded = Arrays.copyOf(luks, clusters * cs);
            // newly allocated clusters at the end of a new file: its zero blocks (the unused slots' key material)
            // need not be written
            image.file().writeFresh(offset, padded, 0, padded.length);
            Arrays.fill(luks, (byte) 0);
            header.cryptMethod = 2;
            header.cryptoHeaderOffset = offset;
            header.cryptoHeaderLength = luks.length;
            // the image owns the volume from here and closes it (zeroing the master key) when it closes
            image.unlock(Qcow2Encryption.hostNumbered(volume.cipher()), volume);
        } catch (RuntimeException e) {
            volume.close();
            throw e;
        }
    }

    private static FileChannel openWrite(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new DiskException("Could not create '" + file + "': " + e.getMessage(), e);
        }
    }
}
