package org.novalab.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.DiskException;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.layer.Extent;
import org.novalab.disk.layer.GuestReader;
import org.novalab.disk.layer.Layer;

/**
 * An open qcow2 file: guest-offset to host-offset mapping through the L1 and L2 tables, reads with decryption,
 * and allocating writes (data, then refcounts, L2 and L1 in QEMU's order on flush).
 */
public final class Qcow2Image implements Layer {
    private final ImageFile file;
    private final Qcow2Header header;
    private final int clusterSize;
    private final int clusterBits;
    private final ClusterMap map;
    private RefcountTable refcounts;
    private ClusterCipher cipher;
    private AutoCloseable key;
    private long inflatedCluster = -1;
    private byte[] inflatedBytes;

    private Qcow2Image(ImageFile file, Qcow2Header header) {
        this.file = file;
        this.header = header;
        this.clusterSize = header.clusterSize();
        this.clusterBits = header.clusterBits();
        this.map = new ClusterMap(file, header);
    }

    /** Opens a qcow2 file; the header is validated, encrypted data stays unreadable until {@link #unlock}. */
    public static Qcow2Image open(Path path, boolean writable) {
        FileChannel channel;
        try {
            channel = writable ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DiskException("Could not open '" + path + "': No such file or directory", e);
        } catch (IOException e) {
            throw new DiskException("Could not open '" + path + "': " + e.getMessage(), e);
        }
        ImageFile file = new ImageFile(path, channel, writable);
        try {
            Qcow2Header header = readHeader(file);
            if (writable) {
                refuseWrites(path, header);
            }
            return new Qcow2Image(file, header);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** What QEMU would repair or refuse before writing; novalab only reads such images. */
    private static void refuseWrites(Path path, Qcow2Header header) {
        if (header.corrupt()) {
            throw new CorruptImage("'" + path + "' is marked corrupt; it can only be opened read-only");
        }
        if (header.dirty()) {
            throw new UnsupportedImage("'" + path + "' was not cleanly shut down (lazy refcounts); run qemu-img check -r"
                    + " before writing to it");
        }
        if (header.nbSnapshots() > 0) {
            throw new UnsupportedImage("'" + path + "' has internal snapshots; novalab does not write such images");
        }
    }

    static Qcow2Header readHeader(ImageFile file) {
        long fileSize = file.size();
        byte[] start = new byte[(int) Math.min(fileSize, 104)];
        file.readFully(0, start, 0, start.length);
        if (start.length >= 24 && ByteBuffer.wrap(start).getInt(0) == Qcow2Header.MAGIC) {
            int bits = ByteBuffer.wrap(start).getInt(20);
            if (bits >= Qcow2Header.MIN_CLUSTER_BITS && bits <= Qcow2Header.MAX_CLUSTER_BITS) {
                byte[] cluster0 = new byte[(int) Math.min(fileSize, 1L << bits)];
                file.readFully(0, cluster0, 0, cluster0.length);
                return Qcow2Header.parse(cluster0, fileSize);
            }
        }
        return Qcow2Header.parse(start, fileSize);
    }

    public Qcow2Header header() {
        return header;
    }

    public ImageFile file() {
        return file;
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public long size() {
        return header.size;
    }

    @Override
    public boolean encrypted() {
        return header.cryptMethod != 0;
    }

    public int clusterSize() {
        return clusterSize;
    }

    /**
     * Installs the cipher of an encrypted image (see {@link Qcow2Encryption}) and what holds its key, closed (the
     * key forgotten) when the image closes.
     */
    public void unlock(ClusterCipher cipher, AutoCloseable key) {
        this.cipher = new ParallelCipher(cipher);
        this.key = key;
    }

    long[] l1Table() {
        return map.l1();
    }

    RefcountTable refcounts() {
        if (refcounts == null) {
            refcounts = new RefcountTable(file, header);
        }
        return refcounts;
    }

    /** The L2 table of L1 index {@code i}, or null when the L1 entry is empty. */
    long[] l2Table(int i) {
        return map.l2Table(i);
    }

    /** The L2 entry for guest cluster {@code guestCluster}, 0 when unallocated. */
    long l2Entry(long guestCluster) {
        return map.entry(guestCluster);
    }

    private Extent.Kind kindOf(long entry) {
        if (entry == 0 || entry == L2Entry.COPIED) {
            return Extent.Kind.UNALLOCATED;
        }
        if (L2Entry.compressed(entry)) {
            return Extent.Kind.COMPRESSED;
        }
        if ((entry & L2Entry.ZERO) != 0) {
            return header.version >= 3 ? Extent.Kind.ZERO : Extent.Kind.DATA;
        }
        return L2Entry.offset(entry) == 0 ? Extent.Kind.UNALLOCATED : Extent.Kind.DATA;
    }

    private long checkedDataOffset(long entry, long guestCluster) {
        long host = L2Entry.offset(entry);
        if ((host & (clusterSize - 1)) != 0) {
            throw new CorruptImage("Cluster allocation offset 0x" + Long.toHexString(host)
                    + " unaligned (guest offset: 0x" + Long.toHexString(guestCluster << clusterBits) + ")");
        }
        if (host >= file.size()) {
            throw new CorruptImage("Data cluster at offset 0x" + Long.toHexString(host)
                    + " is beyond the end of the file (guest offset: 0x"
                    + Long.toHexString(guestCluster << clusterBits) + ")");
        }
        return host;
    }

    @Override
    public Extent extent(long offset, long maxLength) {
        if (offset < 0 || offset >= header.size) {
            throw new IllegalArgumentException("offset " + offset + " outside the disk");
        }
        long limit = Math.min(maxLength, header.size - offset);
        long cluster = offset >>> clusterBits;
        long entry = l2Entry(cluster);
        Extent.Kind kind = kindOf(entry);
        long inCluster = offset & (clusterSize - 1);
        long host = kind == Extent.Kind.DATA ? checkedDataOffset(entry, cluster) + inCluster : -1;
        long length = clusterSize - inCluster;
        while (length < limit) {
            long next = cluster + (length + inCluster) / clusterSize;
            long nextEntry = l2Entry(next);
            if (kindOf(nextEntry) != kind) {
                break;
            }
            if (kind == Extent.Kind.DATA && checkedDataOffset(nextEntry, next) != host - inCluster + length + inCluster) {
                break;
            }
            if (kind == Extent.Kind.COMPRESSED) {
                break;
            }
            length += clusterSize;
        }
        return new Extent(kind, Math.min(length, limit), host);
    }

    /** The plaintext of a compressed guest cluster (the last one is cached: reads come in pieces). */
    private byte[] inflated(long cluster) {
        if (cluster != inflatedCluster || inflatedBytes == null) {
            if (encrypted()) {
                throw new UnsupportedImage("'" + path() + "': compressed clusters in an encrypted image");
            }
            inflatedBytes = CompressedCluster.inflate(file, l2Entry(cluster), header);
            inflatedCluster = cluster;
        }
        return inflatedBytes;
    }

    @Override
    public void readData(long offset, byte[] buf, int off, int len) {
        Extent e = extent(offset, len);
        if (e.kind() == Extent.Kind.COMPRESSED && e.length() >= len) {
            System.arraycopy(inflated(offset >>> clusterBits), (int) (offset & (clusterSize - 1)), buf, off, len);
            return;
        }
        if (e.kind() != Extent.Kind.DATA || e.length() < len) {
            throw new IllegalArgumentException("readData over a range that is not one data extent");
        }
        if (!encrypted()) {
            file.readZeroPadded(e.hostOffset(), buf, off, len);
            return;
        }
        ClusterCipher c = requireCipher();
        long start = offset & ~511L;
        long end = (offset + len + 511) & ~511L;
        long hostStart = e.hostOffset() - (offset - start);
        if (start == offset && end == offset + len) {
            file.readZeroPadded(hostStart, buf, off, len);
            c.decrypt(start, hostStart, buf, off, len);
            return;
        }
        byte[] tmp = new byte[(int) (end - start)];
        file.readZeroPadded(hostStart, tmp, 0, tmp.length);
        c.decrypt(start, hostStart, tmp, 0, tmp.length);
        System.arraycopy(tmp, (int) (offset - start), buf, off, len);
    }

    /** A plain data extent is read straight into the caller's buffer (no copy through a heap array). */
    @Override
    public void readData(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        if (!encrypted()) {
            Extent e = extent(offset, len);
            if (e.kind() == Extent.Kind.DATA && e.length() >= len) {
                file.readZeroPadded(e.hostOffset(), dst);
                return;
            }
        }
        Layer.super.readData(offset, dst);
    }

    private ClusterCipher requireCipher() {
        if (cipher == null) {
            throw new PassphraseRequired("'" + path() + "' is encrypted: a passphrase is needed to read or write it");
        }
        return cipher;
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len, GuestReader below) {
        write(offset, ByteBuffer.wrap(buf, off, len), below);
    }

    /**
     * Runs of whole unallocated clusters go to disk in one write straight from {@code src} (a direct buffer
     * needs no copy); anything else, cluster by cluster, through a heap array.
     */
    @Override
    public void write(long offset, ByteBuffer src, GuestReader below) {
        int len = src.remaining();
        if (!file.writable()) {
            throw new DiskException("'" + path() + "' is open read-only");
        }
        if (offset < 0 || offset + len > header.size) {
            throw new DiskException("write of " + len + " bytes at " + offset + " is outside the disk ("
                    + header.size + " bytes)");
        }
        if (encrypted()) {
            requireCipher();
        }
        int pos = src.position();
        while (len > 0) {
            long cluster = offset >>> clusterBits;
            int inCluster = (int) (offset & (clusterSize - 1));
            int n = Math.min(len, clusterSize - inCluster);
            // Run of whole unallocated clusters: allocate them contiguously and write in one go.
            if (inCluster == 0 && n == clusterSize && len >= clusterSize) {
                int run = countFreshClusters(cluster, len / clusterSize);
                if (run > 0) {
                    int bytes = run * clusterSize;
                    writeFreshRun(cluster, run, src.slice(pos, bytes));
                    offset += bytes;
                    pos += bytes;
                    len -= bytes;
                    continue;
                }
            }
            if (src.hasArray()) {
                writeCluster(cluster, inCluster, src.array(), src.arrayOffset() + pos, n, below);
            } else {
                byte[] piece = new byte[n];
                src.get(pos, piece);
                writeCluster(cluster, inCluster, piece, 0, n, below);
            }
            offset += n;
            pos += n;
            len -= n;
        }
    }

    private int countFreshClusters(long cluster, int max) {
        int run = 0;
        while (run < max && kindOf(l2Entry(cluster + run)) != Extent.Kind.DATA) {
            run++;
        }
        return run;
    }

    /** Writes {@code data} (all its remaining bytes: {@code run} whole clusters) into newly allocated clusters. */
    private void writeFreshRun(long cluster, int run, ByteBuffer data) {
        ensureL2Tables(cluster, run);
        long host = refcounts().allocate(run);
        if (encrypted()) {
            byte[] sealed = new byte[run * clusterSize];
            data.get(data.position(), sealed);
            cipher.encrypt(cluster << clusterBits, host, sealed, 0, sealed.length);
            file.write(host, sealed, 0, sealed.length);
        } else {
            file.write(host, data);
        }
        for (int i = 0; i < run; i++) {
            setL2(cluster + i, L2Entry.dataEntry(host + ((long) i << clusterBits)));
        }
    }

    private void writeCluster(long cluster, int inCluster, byte[] buf, int off, int n, GuestReader below) {
        long entry = l2Entry(cluster);
        Extent.Kind kind = kindOf(entry);
        long guestStart = cluster << clusterBits;
        int valid = (int) Math.min(clusterSize, header.size - guestStart);
        byte[] content = new byte[clusterSize];
        if (kind == Extent.Kind.COMPRESSED) {
            // copy-on-write from the compressed cluster into a normal one; setL2 releases the old sectors
            System.arraycopy(inflated(cluster), 0, content, 0, clusterSize);
            System.arraycopy(buf, off, content, inCluster, n);
            inflatedCluster = -1;
            writeFreshRun(cluster, 1, ByteBuffer.wrap(content));
            return;
        }
        if (kind == Extent.Kind.DATA && (entry & L2Entry.COPIED) == 0
                && refcounts().get(checkedDataOffset(entry, cluster) >>> clusterBits) == 1) {
            // sole owner without the COPIED flag (e.g. after a snapshot was deleted): writable in place
            entry |= L2Entry.COPIED;
            map.set(cluster, entry);
        }
        if (kind == Extent.Kind.DATA && (entry & L2Entry.COPIED) != 0) {
            long host = checkedDataOffset(entry, cluster);
            if (!encrypted()) {
                file.write(host + inCluster, buf, off, n);
                return;
            }
            int s = inCluster & ~511;
            int e = Math.min(clusterSize, (inCluster + n + 511) & ~511);
            file.readZeroPadded(host + s, content, s, e - s);
            cipher.decrypt(guestStart + s, host + s, content, s, e - s);
            System.arraycopy(buf, off, content, inCluster, n);
            cipher.encrypt(guestStart + s, host + s, content, s, e - s);
            file.write(host + s, content, s, e - s);
            return;
        }
        if (kind == Extent.Kind.DATA) {
            throw new UnsupportedImage("'" + path() + "': cluster shared with a snapshot; writes would need COW "
                    + "of snapshots, which novalab does not support");
        }
        if (inCluster != 0 || n != clusterSize) {
            if (kind == Extent.Kind.UNALLOCATED) {
                below.read(guestStart, content, 0, valid);
            }
        }
        System.arraycopy(buf, off, content, inCluster, n);
        writeFreshRun(cluster, 1, ByteBuffer.wrap(content));
    }

    /** Makes sure the L2 tables for guest clusters [cluster, cluster+count) exist. */
    private void ensureL2Tables(long cluster, int count) {
        int first = (int) (cluster / map.l2Entries());
        int last = (int) ((cluster + count - 1) / map.l2Entries());
        for (int i = first; i <= last; i++) {
            if (i >= map.l1().length) {
                throw new CorruptImage("L1 table too small for guest cluster " + cluster);
            }
            if (!map.hasL2(i)) {
                map.installL2(i, refcounts().allocate(1));
            }
        }
    }

    private void setL2(long cluster, long entry) {
        long old = map.set(cluster, entry);
        if (L2Entry.compressed(old)) {
            // every host cluster the compressed data touched loses one reference
            long start = CompressedCluster.offset(old, clusterBits) & ~511L;
            long end = start + CompressedCluster.length(old, clusterBits) + (CompressedCluster.offset(old, clusterBits)
                    & 511);
            for (long c = start >>> clusterBits; c <= (end - 1) >>> clusterBits; c++) {
                refcounts().set(c, Math.max(0, refcounts().get(c) - 1));
            }
            inflatedCluster = -1;
        } else if (L2Entry.offset(old) != 0 && L2Entry.offset(old) != L2Entry.offset(entry)) {
            // a zero cluster that had a preallocated host cluster: release it
            long c = L2Entry.offset(old) >>> clusterBits;
            refcounts().set(c, Math.max(0, refcounts().get(c) - 1));
        }
        if (map.dirtyTables() > 64) {
            flushMetadata();
        }
    }

    /** Refcounts (and a moved refcount table's header), then L2 tables, then L1, each synced before the next. */
    private void flushMetadata() {
        if (refcounts != null) {
            refcounts.flush(this::writeHeaderNow);
            refcounts.trimCache();
        }
        map.writeOut(file::force, header.l1TableOffset);
    }

    /** Writes the header (after the caller changed backing file, encryption ...) and syncs. */
    public void rewriteHeader() {
        writeHeaderNow();
    }

    private void writeHeaderNow() {
        header.autoclearFeatures = 0;
        byte[] bytes = header.encode(clusterSize);
        file.write(0, bytes, 0, bytes.length);
        file.force();
    }

    /**
     * Grows the virtual size (QEMU's {@code qcow2_co_truncate}): a bigger L1 table is written first at the end
     * of the file, then the header switches to it, then the old table is freed.
     */
    public void grow(long newSize) {
        if (newSize < header.size) {
            throw new UnsupportedImage("qcow2 doesn't support shrinking images yet");
        }
        long needed = Qcow2Header.l1EntriesFor(newSize, clusterBits);
        if (needed * 8 > Qcow2Header.MAX_L1_BYTES) {
            throw new UnsupportedImage("Image size too large: the L1 table would exceed 32 MiB");
        }
        flushMetadata();
        long[] l1 = map.l1();
        if (needed > l1.length) {
            long[] grown = map.grownL1((int) needed);
            int clusters = (int) ((needed * 8 + clusterSize - 1) / clusterSize);
            long newOffset = refcounts().allocate(clusters);
            refcounts().flush(this::writeHeaderNow);
            map.writeL1(newOffset, grown);
            file.force();
            long oldOffset = header.l1TableOffset;
            int oldClusters = (int) (((long) l1.length * 8 + clusterSize - 1) / clusterSize);
            header.l1TableOffset = newOffset;
            header.l1Size = (int) needed;
            header.size = newSize;
            map.useL1(grown);
            writeHeaderNow();
            if (oldOffset != 0) {
                for (long c = oldOffset >>> clusterBits; c < (oldOffset >>> clusterBits) + oldClusters; c++) {
                    refcounts().set(c, 0);
                }
                refcounts().flush(this::writeHeaderNow);
            }
        } else {
            header.size = newSize;
            writeHeaderNow();
        }
    }

    @Override
    public void flush() {
        if (file.writable()) {
            flushMetadata();
            file.force();
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            file.close();
            if (key != null) {
                try {
                    key.close();
                } catch (Exception ignored) {
                    // zeroing a key cannot meaningfully fail
                }
            }
        }
    }
}
