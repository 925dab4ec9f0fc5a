package org.novalab.disk.qcow2;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.novalab.disk.CorruptImage;

/**
 * The active L1 table and a bounded cache of L2 tables: guest cluster to L2 entry. Table offsets are validated
 * when first used; changed tables stay cached (never evicted) until the image writes them out.
 */
final class ClusterMap {
    private static final long L2_CACHE_BYTES = 16L << 20;

    private final ImageFile file;
    private final int clusterSize;
    private final int l2Entries;
    private long[] l1;
    private boolean l1Dirty;
    private final Map<Integer, long[]> l2Cache;
    private final Set<Integer> dirtyL2 = new LinkedHashSet<>();

    ClusterMap(ImageFile file, Qcow2Header header) {
        this.file = file;
        this.clusterSize = header.clusterSize();
        this.l2Entries = clusterSize / 8;
        int maxTables = (int) Math.max(4, L2_CACHE_BYTES / clusterSize);
        this.l2Cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, long[]> eldest) {
                return size() > maxTables && !dirtyL2.contains(eldest.getKey());
            }
        };
        l1 = new long[header.l1Size];
        if (header.l1Size > 0) {
            byte[] raw = new byte[header.l1Size * 8];
            file.readFully(header.l1TableOffset, raw, 0, raw.length);
            ByteBuffer.wrap(raw).asLongBuffer().get(l1);
        }
    }

    long[] l1() {
        return l1;
    }

    int l2Entries() {
        return l2Entries;
    }

    /** The L2 table of L1 index {@code i}, or null when the L1 entry is empty. */
    long[] l2Table(int i) {
        long offset = L2Entry.offset(l1[i]);
        if (offset == 0) {
            return null;
        }
        long[] table = l2Cache.get(i);
        if (table == null) {
            if ((offset & (clusterSize - 1)) != 0) {
                throw new CorruptImage("L2 table offset 0x" + Long.toHexString(offset) + " unaligned (L1 index: "
                        + i + ")");
            }
            if (offset >= file.size()) {
                throw new CorruptImage("L2 table at offset 0x" + Long.toHexString(offset)
                        + " is beyond the end of the file (L1 index: " + i + ")");
            }
            byte[] raw = new byte[clusterSize];
            file.readZeroPadded(offset, raw, 0, clusterSize);
            table = new long[l2Entries];
            ByteBuffer.wrap(raw).asLongBuffer().get(table);
            l2Cache.put(i, table);
        }
        return table;
    }

    /** The L2 entry of guest cluster {@code guestCluster}, 0 when unallocated. */
    long entry(long guestCluster) {
        int i = (int) (guestCluster / l2Entries);
        if (i >= l1.length) {
            return 0;
        }
        long[] table = l2Table(i);
        return table == null ? 0 : table[(int) (guestCluster % l2Entries)];
    }

    boolean hasL2(int i) {
        return L2Entry.offset(l1[i]) != 0;
    }

    /** Points L1 entry {@code i} at a new, empty L2 table stored at {@code offset}. */
    void installL2(int i, long offset) {
        l1[i] = offset | L2Entry.COPIED;
        l1Dirty = true;
        l2Cache.put(i, new long[l2Entries]);
        dirtyL2.add(i);
    }

    /** Sets the L2 entry of {@code guestCluster} and returns the previous one. */
    long set(long guestCluster, long entry) {
        int i = (int) (guestCluster / l2Entries);
        long[] table = l2Table(i);
        int k = (int) (guestCluster % l2Entries);
        long old = table[k];
        table[k] = entry;
        dirtyL2.add(i);
        return old;
    }

    int dirtyTables() {
        return dirtyL2.size();
    }

    boolean dirty() {
        return l1Dirty || !dirtyL2.isEmpty();
    }

    /** Writes changed L2 tables; {@code between} runs before the L1 table follows (a sync). */
    void writeOut(Runnable between, long l1Offset) {
        if (!dirtyL2.isEmpty()) {
            ByteBuffer b = ByteBuffer.allocate(clusterSize);
            for (int i : dirtyL2) {
                b.clear();
                b.asLongBuffer().put(l2Cache.get(i));
                file.write(L2Entry.offset(l1[i]), b.array(), 0, clusterSize);
            }
            dirtyL2.clear();
            between.run();
        }
        if (l1Dirty) {
            writeL1(l1Offset, l1);
            l1Dirty = false;
            between.run();
        }
    }

    void writeL1(long offset, long[] table) {
        ByteBuffer b = ByteBuffer.allocate(table.length * 8);
        b.asLongBuffer().put(table);
        file.write(offset, b.array(), 0, b.capacity());
    }

    /** A copy of the L1 table grown to {@code entries}. */
    long[] grownL1(int entries) {
        return Arrays.copyOf(l1, entries);
    }

    /** Switches to a grown L1 table already written to disk. */
    void useL1(long[] table) {
        l1 = table;
    }
}
