package org.novalab.image.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out a qcow2 as QEMU's qcow2 driver would (docs/interop/qcow2.txt): the header in cluster 0, the refcount
 * table in cluster 1, one refcount block in cluster 2, the L1 table, the L2 tables, then the data clusters, with
 * refcounts and COPIED flags that agree with every reference. {@code qemu-img check} finds nothing wrong with what
 * {@link #build()} returns; the crafted cases of {@link CraftedImages} then edit those bytes as an attacker would.
 */
public final class CraftedQcow2 {
    public static final int CLUSTER_BITS = 16;
    public static final int CLUSTER_SIZE = 1 << CLUSTER_BITS;
    static final long REFCOUNT_TABLE = CLUSTER_SIZE;
    static final long REFCOUNT_BLOCK = 2L * CLUSTER_SIZE;
    static final long L1_TABLE = 3L * CLUSTER_SIZE;
    private static final long COPIED = 1L << 63;
    private static final long ENTRIES_PER_L2 = CLUSTER_SIZE / 8;

    private final long virtualSize;
    private int version = 3;
    private int refcountOrder = 4;
    private final List<byte[]> data = new ArrayList<>();
    /** guest cluster -> index into {@link #data} */
    private final Map<Long, Integer> mapping = new TreeMap<>();
    /** L1 index -> the L1 index whose L2 table it points at too */
    private final Map<Long, Long> sharedL2 = new TreeMap<>();

    private CraftedQcow2(long virtualSize) {
        this.virtualSize = virtualSize;
    }

    public static CraftedQcow2 of(long virtualSize) {
        return new CraftedQcow2(virtualSize);
    }

    public CraftedQcow2 version(int v) {
        this.version = v;
        return this;
    }

    /** 16, 32 or 64 (QEMU's refcount_bits). */
    public CraftedQcow2 refcountBits(int bits) {
        this.refcountOrder = Integer.numberOfTrailingZeros(bits);
        return this;
    }

    /** Appends a data cluster (padded to a whole cluster) and answers its index for {@link #map}. */
    public int data(byte[] content) {
        data.add(Arrays.copyOf(content, CLUSTER_SIZE));
        return data.size() - 1;
    }

    public CraftedQcow2 map(long guestCluster, int dataIndex) {
        mapping.put(guestCluster, dataIndex);
        return this;
    }

    /** Points L1 entry {@code l1Index} at the L2 table of {@code withL1Index} (refcounted like a snapshot's). */
    public CraftedQcow2 shareL2(long l1Index, long withL1Index) {
        sharedL2.put(l1Index, withL1Index);
        return this;
    }

    /** The image and where its structures are, for the edits a crafted case makes. */
    public record Built(byte[] bytes, Map<Long, Long> l2Tables, List<Long> dataClusters) {
        public ByteBuffer edit() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        }

        /** Where the L2 entry of {@code guestCluster} is (its table must exist). */
        public int l2Entry(long guestCluster) {
            return (int) (l2Tables.get(guestCluster / ENTRIES_PER_L2) + 8 * (guestCluster % ENTRIES_PER_L2));
        }
    }

    public Built build() {
        long perL1 = ENTRIES_PER_L2 * CLUSTER_SIZE;
        long l1Entries = (virtualSize + perL1 - 1) / perL1;
        long l1Clusters = Math.max(1, (l1Entries * 8 + CLUSTER_SIZE - 1) / CLUSTER_SIZE);
        long next = L1_TABLE + l1Clusters * CLUSTER_SIZE;
        Map<Long, Long> l2Tables = new LinkedHashMap<>();
        for (long guest : mapping.keySet()) {
            if (!l2Tables.containsKey(guest / ENTRIES_PER_L2)) {
                l2Tables.put(guest / ENTRIES_PER_L2, next);
                next += CLUSTER_SIZE;
            }
        }
        List<Long> dataClusters = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            dataClusters.add(next);
            next += CLUSTER_SIZE;
        }
        sharedL2.forEach((l1, with) -> l2Tables.put(l1, l2Tables.get(with)));
        Map<Long, Long> refcounts = new TreeMap<>();
        for (long c = 0; c < L1_TABLE / CLUSTER_SIZE + l1Clusters; c++) {
            refcounts.put(c, 1L);
        }
        l2Tables.values().forEach(offset -> refcounts.merge(offset / CLUSTER_SIZE, 1L, Long::sum));
        // qemu-img check counts a data cluster once per L1 entry that reaches its L2 table (as snapshots share them)
        mapping.forEach((guest, d) -> refcounts.merge(dataClusters.get(d) / CLUSTER_SIZE,
                1 + sharedL2.values().stream().filter(t -> t == guest / ENTRIES_PER_L2).count(), Long::sum));

        ByteBuffer b = ByteBuffer.allocate((int) next).order(ByteOrder.BIG_ENDIAN);
        header(b, l1Entries);
        b.putLong((int) REFCOUNT_TABLE, REFCOUNT_BLOCK);
        refcounts.forEach((cluster, count) -> putRefcount(b, cluster, count));
        l2Tables.forEach((l1, offset) -> b.putLong((int) (L1_TABLE + 8 * l1),
                offset | (refcounts.get(offset / CLUSTER_SIZE) == 1 ? COPIED : 0)));
        mapping.forEach((guest, d) -> {
            long host = dataClusters.get(d);
            int entry = (int) (l2Tables.get(guest / ENTRIES_PER_L2) + 8 * (guest % ENTRIES_PER_L2));
            b.putLong(entry, host | (refcounts.get(host / CLUSTER_SIZE) == 1 ? COPIED : 0));
        });
        for (int i = 0; i < data.size(); i++) {
            b.put(dataClusters.get(i).intValue(), data.get(i));
        }
        return new Built(b.array(), l2Tables, dataClusters);
    }

    private void header(ByteBuffer b, long l1Entries) {
        b.put(0, new byte[] {'Q', 'F', 'I', (byte) 0xfb});
        b.putInt(4, version);
        b.putInt(20, CLUSTER_BITS);
        b.putLong(24, virtualSize);
        b.putInt(36, (int) l1Entries);
        b.putLong(40, L1_TABLE);
        b.putLong(48, REFCOUNT_TABLE);
        b.putInt(56, 1);
        if (version >= 3) {
            b.putInt(96, refcountOrder);
            b.putInt(100, 112);
        }
    }

    private void putRefcount(ByteBuffer b, long cluster, long count) {
        int bytes = (1 << refcountOrder) / 8;
        int at = (int) (REFCOUNT_BLOCK + cluster * bytes);
        if (at + bytes > REFCOUNT_BLOCK + CLUSTER_SIZE) {
            throw new IllegalStateException("one refcount block is enough for the images tests craft");
        }
        switch (bytes) {
            case 2 -> b.putShort(at, (short) count);
            case 4 -> b.putInt(at, (int) count);
            case 8 -> b.putLong(at, count);
            default -> throw new IllegalArgumentException("refcount bits " + (1 << refcountOrder));
        }
    }
}
