package org.novalab.image.inspect;

import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts what the active L1 table maps ({@link Qcow2Allocation}): every L2 table is read once, however many L1
 * entries share it, so a crafted image cannot make the count itself expensive.
 */
final class Qcow2Mapping {
    private final Header h;
    private final Qcow2Fields f;
    private final long bits;
    private final long fileClusters;
    private final BitSet hostClusters = new BitSet();
    /** Mapped guest clusters of each whole L2 table already counted, by offset. */
    private final Map<Long, Long> counted = new HashMap<>();

    Qcow2Mapping(Header h, Qcow2Fields f) throws IOException {
        this.h = h;
        this.f = f;
        this.bits = f.clusterBits();
        this.fileClusters = Math.min((h.size() + f.clusterSize() - 1) >>> bits, Integer.MAX_VALUE);
    }

    Qcow2Allocation count() throws IOException {
        long perTable = f.l2Entries();
        long guest = f.guestClusters();
        long tables = Math.min(f.l1Size(), (guest + perTable - 1) / perTable);
        long[] mapped = {0};
        h.forEachU64be(f.l1TableOffset(), tables, (i, entry) -> {
            long l2 = Qcow2Entry.offset(entry);
            if (l2 == 0) {
                return;
            }
            long limit = Math.min(perTable, guest - i * perTable);
            Long known = limit == perTable ? counted.get(l2) : null;
            if (known == null) {
                known = countTable(l2, limit);
                if (limit == perTable) {
                    counted.put(l2, known);
                }
            }
            mapped[0] += known;
        });
        return new Qcow2Allocation(f.clusterSize(), f.size(), mapped[0], hostClusters.cardinality());
    }

    private long countTable(long l2, long entries) throws IOException {
        long step = f.l2EntrySize() / 8;
        long[] mapped = {0};
        h.forEachU64be(l2, entries * step, (k, entry) -> {
            if (k % step == 0 && Qcow2Entry.readsData(entry, f)) {
                mapped[0]++;
                if (Qcow2Entry.compressed(entry)) {
                    mark(Qcow2Entry.compressedOffset(entry, bits), Qcow2Entry.compressedLength(entry, bits));
                } else {
                    mark(Qcow2Entry.offset(entry), f.clusterSize());
                }
            }
        });
        return mapped[0];
    }

    /** Host clusters past the end of the file are not counted (the gate refuses images that map data there). */
    private void mark(long offset, long length) {
        long last = Math.min((offset + length - 1) >>> bits, fileClusters - 1);
        for (long c = offset >>> bits; c <= last; c++) {
            hostClusters.set((int) c);
        }
    }
}
