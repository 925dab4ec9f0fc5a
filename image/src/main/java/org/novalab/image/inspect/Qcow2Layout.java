package org.novalab.image.inspect;

import static org.novalab.image.inspect.Qcow2Limits.hex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a qcow2's metadata and data lie, checked the way {@code qemu-img check} counts references
 * (block/qcow2-refcount.c): every table and cluster inside the file (no region exceeding its end by one cluster
 * or more), cluster aligned where QEMU wants alignment, no cluster holding two kinds of metadata, and no guest
 * data mapped onto metadata (named as QEMU's overlap check names it). It trusts no refcount: a crafted image sets
 * those as it likes. Reads the header, the tables and the snapshot table, never guest data.
 *
 * <p>Runs after {@link Qcow2Limits}, so table sizes are bounded; the work is bounded by the file (each L2 table is
 * read once, however many L1 entries point at it).
 */
final class Qcow2Layout {
    /** The problems spelt out in full; the rest are counted (a crafted table repeats one fault thousands of times). */
    private static final int SPELT_OUT = 4;

    private final Header h;
    private final Qcow2Fields f;
    private final long fileSize;
    private final long cs;
    private final long bits;
    private final HostClusters clusters;
    private final List<String> problems = new ArrayList<>();
    private long unspelt;
    private final List<L1Table> snapshotL1s = new ArrayList<>();
    /** Every L2 table any L1 table points at, by offset: its first reference. */
    private final Map<Long, L2Table> l2Tables = new LinkedHashMap<>();

    private record L1Table(long offset, long entries, Qcow2Metadata l2Kind, String owner) {
    }

    private record L2Table(long offset, long l1Index, Qcow2Metadata kind, String owner) {
    }

    private Qcow2Layout(Header h, Qcow2Fields f) throws IOException {
        this.h = h;
        this.f = f;
        this.fileSize = h.size();
        this.cs = f.clusterSize();
        this.bits = f.clusterBits();
        this.clusters = new HostClusters(bits);
    }

    /** What is wrong with the layout; empty when nothing is. The fields must have passed {@link Qcow2Limits}. */
    static List<String> problems(Header h, Qcow2Fields f) throws IOException {
        Qcow2Layout layout = new Qcow2Layout(h, f);
        layout.check();
        return layout.report();
    }

    private void check() throws IOException {
        if (((fileSize + cs - 1) >>> bits) > Integer.MAX_VALUE) {
            problem("it has more than 2^31 clusters, more than qemu-img check handles");
            return;
        }
        clusters.claim(0, cs, Qcow2Metadata.HEADER);
        boolean refcountTable = region(f.refcountTableOffset(), f.refcountTableClusters() * cs,
                Qcow2Metadata.REFCOUNT_TABLE, "refcount table");
        L1Table active = new L1Table(f.l1TableOffset(), f.l1Size(), Qcow2Metadata.ACTIVE_L2, "");
        boolean activeL1 = f.l1Size() == 0
                || region(active.offset(), active.entries() * 8, Qcow2Metadata.ACTIVE_L1, "active L1 table");
        if (f.nbSnapshots() > 0) {
            snapshotTable();
        }
        if (refcountTable) {
            refcountBlocks();
        }
        if (activeL1) {
            l2TablesOf(active);
        }
        for (L1Table snapshot : snapshotL1s) {
            l2TablesOf(snapshot);
        }
        for (L2Table table : l2Tables.values()) {
            entriesOf(table);
        }
    }

    /** The snapshot table's entries (variable length), each snapshot's L1 table, then the table as a region. */
    private void snapshotTable() throws IOException {
        long start = f.snapshotsOffset();
        long n = f.nbSnapshots();
        long offset = start;
        List<L1Table> l1s = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            offset = (offset + 7) & ~7L;
            if (offset + Qcow2Limits.SNAPSHOT_HEADER_BYTES > fileSize) {
                problem("its snapshot table (" + n + " entries at offset " + hex(start) + ") exceeds the end of the"
                        + " file at entry " + i + " (qemu-img check: region exceeding the end of the file)");
                return;
            }
            long l1Offset = h.u64be(offset);
            long l1Size = h.u32be(offset + 8);
            long names = h.u32be(offset + 12);
            long extra = h.u32be(offset + 36);
            if (extra > Qcow2Limits.MAX_SNAPSHOT_EXTRA_DATA) {
                problem("Too much extra metadata in snapshot table entry " + i + " (" + extra + " > "
                        + Qcow2Limits.MAX_SNAPSHOT_EXTRA_DATA + ")");
                return;
            }
            if (f.version() >= 3 && extra < 16) {
                // the spec: version 3 entries carry at least the large VM state size and the disk size
                problem("snapshot table entry " + i + " is incomplete (qemu-img check: ERROR)");
            }
            offset += Qcow2Limits.SNAPSHOT_HEADER_BYTES + extra + (names >>> 16) + (names & 0xffff);
            if (offset - start > Qcow2Limits.MAX_SNAPSHOTS_BYTES) {
                problem("Snapshot table is too big (more than " + Qcow2Limits.MAX_SNAPSHOTS_BYTES + " bytes)");
                return;
            }
            String owner = "snapshot " + i + " ";
            var invalid = Qcow2Limits.table("Snapshot L1 table", l1Offset, l1Size, "entries", 8,
                    Qcow2Limits.MAX_L1_BYTES, cs);
            if (invalid.isPresent()) {
                problem(owner + invalid.get());
            } else if (l1Size > 0) {
                l1s.add(new L1Table(l1Offset, l1Size, Qcow2Metadata.INACTIVE_L2, owner));
            }
        }
        if (!region(start, offset - start, Qcow2Metadata.SNAPSHOT_TABLE, "snapshot table")) {
            return;
        }
        for (L1Table l1 : l1s) {
            if (region(l1.offset(), l1.entries() * 8, Qcow2Metadata.INACTIVE_L1, "inactive L1 table of "
                    + l1.owner().strip())) {
                snapshotL1s.add(l1);
            }
        }
    }

    private void refcountBlocks() throws IOException {
        long fileClusters = (fileSize + cs - 1) >>> bits;
        h.forEachU64be(f.refcountTableOffset(), f.refcountTableClusters() * cs / 8, (i, entry) -> {
            String name = "refcount block " + i;
            long block = pointer(entry, Qcow2Entry.REFCOUNT_TABLE_RESERVED, entry & Qcow2Entry.REFCOUNT_BLOCK_MASK,
                    "refcount table entry " + i, name, "refcount table entry corrupted");
            if (block == 0) {
                return;
            }
            if (Long.compareUnsigned(block >>> bits, fileClusters) >= 0) {
                problem("its " + name + " at " + hex(block) + " is outside image");
            } else {
                region(block, cs, Qcow2Metadata.REFCOUNT_BLOCK, name);
            }
        });
    }

    private void l2TablesOf(L1Table l1) throws IOException {
        h.forEachU64be(l1.offset(), l1.entries(), (i, entry) -> {
            String name = l1.l2Kind() + " (" + l1.owner() + "L1 index " + i + ")";
            long l2 = pointer(entry, Qcow2Entry.L1_RESERVED, Qcow2Entry.offset(entry), l1.owner() + "L1 entry " + i,
                    name, "L1 entry corrupted");
            if (l2 != 0 && region(l2, cs, l1.l2Kind(), name)) {
                l2Tables.putIfAbsent(l2, new L2Table(l2, i, l1.l2Kind(), l1.owner()));
            }
        });
    }

    /**
     * The cluster a table entry points at, or 0 when it points nowhere or is refused: reserved bits set, or an
     * offset that is not cluster aligned (qemu-img check's {@code corrupted} words).
     */
    private long pointer(long entry, long reserved, long offset, String entryName, String target, String corrupted) {
        if ((entry & reserved) != 0) {
            problem("its " + entryName + " has reserved bits set (" + hex(entry) + ")");
            return 0;
        }
        if ((offset & (cs - 1)) != 0) {
            problem("its " + target + " at " + hex(offset) + " is not cluster aligned (qemu-img check: " + corrupted
                    + ")");
            return 0;
        }
        return offset;
    }

    private void entriesOf(L2Table table) throws IOException {
        long step = f.l2EntrySize() / 8;
        h.forEachU64be(table.offset(), f.l2Entries() * step, (k, entry) -> {
            if (k % step == 0 && entry != 0) {
                entry(table, k / step, entry);
            }
        });
    }

    private void entry(L2Table table, long index, long entry) {
        long guest = (table.l1Index() * f.l2Entries() + index) << bits;
        String maps = "its " + table.kind() + " at " + hex(table.offset()) + " maps " + table.owner() + "guest offset "
                + hex(guest);
        if (Qcow2Entry.compressed(entry)) {
            if ((entry & Qcow2Entry.COPIED) != 0) {
                problem(maps + " to a compressed cluster with the copied flag (qemu-img check: copied flag must"
                        + " never be set for compressed clusters)");
            }
            data(maps, Qcow2Entry.compressedOffset(entry, bits), Qcow2Entry.compressedLength(entry, bits));
            return;
        }
        long host = Qcow2Entry.offset(entry);
        if (!f.extendedL2() && (entry & Qcow2Entry.L2_RESERVED) != 0) {
            problem(maps + " with an L2 entry that has reserved bits set (" + hex(entry) + ")");
            return;
        }
        if (f.version() == 2 && (entry & Qcow2Entry.ZERO) != 0) {
            // the spec keeps the bit 0 before version 3: QEMU marks the image corrupt when it reads such an entry,
            // and a reader that takes the entry for data reads host offset 0 on, the header
            problem(maps + " with the zero flag: Zero cluster entry found in pre-v3 image");
        }
        if (host == 0) {
            return;
        }
        if ((host & (cs - 1)) != 0) {
            problem(maps + " onto host offset " + hex(host) + ", which is not cluster aligned (qemu-img check: Data"
                    + " cluster is not properly aligned; L2 entry corrupted)");
        }
        data(maps, host, cs);
    }

    /** Guest data at {@code length} bytes from {@code offset}: inside the file and on no metadata. */
    private void data(String maps, long offset, long length) {
        if (!inFile(offset, length)) {
            problem(maps + " onto host offset " + hex(offset) + ", which exceeds the end of the file by one cluster"
                    + " or more");
            return;
        }
        clusters.metadataIn(offset, length).ifPresent(m -> problem(maps + " onto host offset " + hex(offset)
                + ", which overlaps with " + m));
    }

    /** A metadata region: inside the file and sharing no cluster with other metadata; false when it is not. */
    private boolean region(long offset, long length, Qcow2Metadata kind, String name) {
        if (!inFile(offset, length)) {
            problem("its " + name + " at offset " + hex(offset) + " exceeds the end of the file by one cluster or"
                    + " more");
            return false;
        }
        var there = clusters.claim(offset, length, kind);
        there.ifPresent(m -> problem("its " + name + " at offset " + hex(offset) + " overlaps with " + m));
        return there.isEmpty();
    }

    /** qemu-img check's rule: a region may end inside the file's last (partial) cluster, not a cluster beyond. */
    private boolean inFile(long offset, long length) {
        return Long.compareUnsigned(offset, fileSize) < 0 && offset + length - fileSize < cs;
    }

    private void problem(String message) {
        if (problems.size() < SPELT_OUT) {
            problems.add(message);
        } else {
            unspelt++;
        }
    }

    private List<String> report() {
        if (unspelt > 0) {
            problems.add("and " + unspelt + " more such problems");
        }
        return problems;
    }
}
