package org.novalab.disk.qcow2;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.UnsupportedImage;

/**
 * The refcount table and its refcount blocks: how many references each host cluster has. Reads any refcount
 * width (1..64 bits); allocation appends clusters at the end of the image and creates refcount blocks (and a
 * bigger refcount table) as needed. Changes stay in memory until {@link #flush()}, which the image calls before
 * it writes any table that uses the new clusters (QEMU's order: refcounts first).
 */
final class RefcountTable {
    private final ImageFile file;
    private final Qcow2Header header;
    private final int clusterSize;
    private final int clusterBits;
    private final int refcountBits;
    private final long refsPerBlock;
    private final long maxRefcount;
    private long[] table;
    private boolean tableDirty;
    private long oldTableOffset;
    private int oldTableClusters;
    private final Map<Long, byte[]> blocks = new HashMap<>();
    private final Set<Long> dirtyBlocks = new LinkedHashSet<>();
    /** The first cluster index past everything in use: new clusters are appended here. */
    private long endCluster;
    private boolean endFound;

    RefcountTable(ImageFile file, Qcow2Header header) {
        this.file = file;
        this.header = header;
        this.clusterSize = header.clusterSize();
        this.clusterBits = header.clusterBits();
        this.refcountBits = header.refcountBits();
        this.refsPerBlock = (long) clusterSize * 8 / refcountBits;
        this.maxRefcount = refcountBits == 64 ? Long.MAX_VALUE : (1L << refcountBits) - 1;
        int entries = header.refcountTableClusters * clusterSize / 8;
        byte[] raw = new byte[entries * 8];
        file.readFully(header.refcountTableOffset, raw, 0, raw.length);
        ByteBuffer b = ByteBuffer.wrap(raw);
        table = new long[entries];
        long fileSize = file.size();
        for (int i = 0; i < entries; i++) {
            long off = b.getLong();
            long blockOffset = off & ~((long) clusterSize - 1) & 0x00ffffffffffffffL;
            if (off != 0 && (off & (clusterSize - 1)) != 0) {
                throw new CorruptImage("Refblock offset " + off + " is not aligned to the cluster size");
            }
            if (blockOffset != 0 && blockOffset + clusterSize > fileSize) {
                throw new CorruptImage("Refblock at offset " + blockOffset + " is beyond the end of the file");
            }
            table[i] = blockOffset;
        }
        endCluster = (fileSize + clusterSize - 1) >>> clusterBits;
    }

    int refcountBits() {
        return refcountBits;
    }

    long endCluster() {
        return endCluster;
    }

    long tableEntries() {
        return table.length;
    }

    long blockOffset(int index) {
        return table[index];
    }

    long refsPerBlock() {
        return refsPerBlock;
    }

    long get(long cluster) {
        long index = cluster / refsPerBlock;
        if (index >= table.length || table[(int) index] == 0) {
            return 0;
        }
        return getEntry(block(index), cluster % refsPerBlock);
    }

    private byte[] block(long index) {
        byte[] b = blocks.get(index);
        if (b == null) {
            b = new byte[clusterSize];
            file.readFully(table[(int) index], b, 0, clusterSize);
            blocks.put(index, b);
        }
        return b;
    }

    private long getEntry(byte[] block, long i) {
        return switch (refcountBits) {
            case 1, 2, 4 -> {
                int perByte = 8 / refcountBits;
                int shift = (int) (i % perByte) * refcountBits;
                yield (block[(int) (i / perByte)] >>> shift) & ((1 << refcountBits) - 1);
            }
            case 8 -> block[(int) i] & 0xff;
            case 16 -> ByteBuffer.wrap(block).getShort((int) i * 2) & 0xffff;
            case 32 -> ByteBuffer.wrap(block).getInt((int) i * 4) & 0xffffffffL;
            default -> ByteBuffer.wrap(block).getLong((int) i * 8);
        };
    }

    private void setEntry(byte[] block, long i, long value) {
        switch (refcountBits) {
            case 1, 2, 4 -> {
                int perByte = 8 / refcountBits;
                int shift = (int) (i % perByte) * refcountBits;
                int mask = ((1 << refcountBits) - 1) << shift;
                block[(int) (i / perByte)] = (byte) ((block[(int) (i / perByte)] & ~mask) | ((int) value << shift));
            }
            case 8 -> block[(int) i] = (byte) value;
            case 16 -> ByteBuffer.wrap(block).putShort((int) i * 2, (short) value);
            case 32 -> ByteBuffer.wrap(block).putInt((int) i * 4, (int) value);
            default -> ByteBuffer.wrap(block).putLong((int) i * 8, value);
        }
    }

    void set(long cluster, long value) {
        if (value < 0 || value > maxRefcount) {
            throw new UnsupportedImage("refcount overflow for cluster " + cluster + " (" + refcountBits + " bits)");
        }
        long index = cluster / refsPerBlock;
        ensureTableCovers(index);
        if (table[(int) index] == 0) {
            findEnd();
            long blockCluster = endCluster++;
            table[(int) index] = blockCluster << clusterBits;
            tableDirty = true;
            blocks.put(index, new byte[clusterSize]);
            dirtyBlocks.add(index);
            set(blockCluster, 1);
        }
        byte[] block = block(index);
        setEntry(block, cluster % refsPerBlock, value);
        dirtyBlocks.add(index);
        if (value > 0 && cluster >= endCluster) {
            endCluster = cluster + 1;
        }
    }

    /**
     * The first cluster past everything in use: the end of the file, or further when refcounts claim clusters
     * the file does not reach yet (allocated but never written). Found once, from the last refcount block.
     */
    private void findEnd() {
        if (endFound) {
            return;
        }
        endFound = true;
        for (int i = table.length - 1; i >= 0; i--) {
            if (table[i] == 0) {
                continue;
            }
            byte[] block = block(i);
            for (long k = refsPerBlock - 1; k >= 0; k--) {
                if (getEntry(block, k) != 0) {
                    endCluster = Math.max(endCluster, i * refsPerBlock + k + 1);
                    return;
                }
            }
        }
    }

    /** Appends {@code count} contiguous clusters at the end of the image, each with refcount 1. */
    long allocate(int count) {
        findEnd();
        long first = endCluster;
        endCluster += count;
        for (long c = first; c < first + count; c++) {
            set(c, 1);
        }
        return first << clusterBits;
    }

    /**
     * Grows the refcount table so it has an entry for refcount block {@code index}. The new table goes at the end
     * of the file with room to spare; the old one is freed once the header points at the new one.
     */
    private void ensureTableCovers(long index) {
        if (index < table.length) {
            return;
        }
        findEnd();
        long neededEntries = Math.max(index + 1, table.length) * 2;
        int newClusters = (int) ((neededEntries * 8 + clusterSize - 1) / clusterSize);
        if ((long) newClusters * clusterSize > Qcow2Header.MAX_REFTABLE_BYTES) {
            throw new UnsupportedImage("the image would need a refcount table larger than 8 MiB");
        }
        long[] grown = new long[newClusters * clusterSize / 8];
        System.arraycopy(table, 0, grown, 0, table.length);
        if (oldTableOffset == 0) {
            oldTableOffset = header.refcountTableOffset;
            oldTableClusters = header.refcountTableClusters;
        }
        table = grown;
        long start = endCluster;
        endCluster += newClusters;
        header.refcountTableOffset = start << clusterBits;
        header.refcountTableClusters = newClusters;
        tableDirty = true;
        for (long c = start; c < start + newClusters; c++) {
            set(c, 1);
        }
    }

    boolean dirty() {
        return tableDirty || !dirtyBlocks.isEmpty();
    }

    /**
     * Writes dirty refcount blocks, then the table, then (if the table moved) the header, each step synced
     * before the next, then frees a replaced table.
     */
    void flush(Runnable writeHeader) {
        if (!dirty()) {
            return;
        }
        for (long index : dirtyBlocks) {
            file.write(table[(int) index], blocks.get(index), 0, clusterSize);
        }
        dirtyBlocks.clear();
        if (tableDirty) {
            ByteBuffer b = ByteBuffer.allocate(header.refcountTableClusters * clusterSize);
            for (long e : table) {
                b.putLong(e);
            }
            file.force();
            file.write(header.refcountTableOffset, b.array(), 0, b.capacity());
            tableDirty = false;
            if (oldTableOffset != 0) {
                file.force();
                writeHeader.run();
                long oldFirst = oldTableOffset >>> clusterBits;
                oldTableOffset = 0;
                for (long c = oldFirst; c < oldFirst + oldTableClusters; c++) {
                    set(c, 0);
                }
                flush(writeHeader);
                return;
            }
        }
        file.force();
    }

    /** Drops cached blocks (after a flush) to bound memory during long streams. */
    void trimCache() {
        if (blocks.size() > 256) {
            blocks.keySet().removeIf(k -> !dirtyBlocks.contains(k));
        }
    }
}
