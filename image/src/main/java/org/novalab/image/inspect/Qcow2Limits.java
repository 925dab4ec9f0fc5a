package org.novalab.image.inspect;

import java.util.Optional;

/**
 * What QEMU's {@code qcow2_do_open} refuses before it trusts a single offset (block/qcow2.c, limits from
 * block/qcow2.h), in its order and with its words: a header QEMU will not open is never a base image, and the
 * layout check after this one may then rely on sane sizes.
 */
final class Qcow2Limits {
    static final long MIN_CLUSTER_BITS = 9;
    static final long MAX_CLUSTER_BITS = 21;
    /** QCOW_MAX_REFTABLE_SIZE, QCOW_MAX_L1_SIZE: 8 MiB and 32 MiB of table. */
    static final long MAX_REFTABLE_BYTES = 8L << 20;
    static final long MAX_L1_BYTES = 32L << 20;
    /** QCOW_MAX_SNAPSHOTS, and QCOW_MAX_SNAPSHOTS_SIZE: an average of 1 KiB per snapshot table entry. */
    static final long MAX_SNAPSHOTS = 65536;
    static final long MAX_SNAPSHOTS_BYTES = 1024 * MAX_SNAPSHOTS;
    /** QCOW_MAX_SNAPSHOT_EXTRA_DATA. */
    static final long MAX_SNAPSHOT_EXTRA_DATA = 1024;
    /** sizeof(QCowSnapshotHeader): the fixed part of a snapshot table entry. */
    static final long SNAPSHOT_HEADER_BYTES = 40;
    static final long MAX_REFCOUNT_ORDER = 6;

    private Qcow2Limits() {
    }

    /** The first thing QEMU would refuse to open, if any. */
    static Optional<String> violation(Qcow2Fields f) {
        if (f.clusterBits() < MIN_CLUSTER_BITS || f.clusterBits() > MAX_CLUSTER_BITS) {
            return Optional.of("Unsupported cluster size: 2^" + f.clusterBits());
        }
        long cs = f.clusterSize();
        if (f.version() >= 3 && f.headerLength() < 104) {
            return Optional.of("qcow2 header too short (" + f.headerLength() + " bytes)");
        }
        if (f.headerLength() > cs) {
            return Optional.of("qcow2 header exceeds cluster size");
        }
        if (Long.compareUnsigned(f.backingFileOffset(), cs) > 0) {
            return Optional.of("Invalid backing file offset");
        }
        long unknown = f.incompatibleFeatures() & ~Qcow2Fields.INCOMPAT_KNOWN;
        if (unknown != 0) {
            return Optional.of("Unsupported qcow2 feature(s): Unknown incompatible feature: "
                    + Long.toHexString(unknown));
        }
        if (f.refcountOrder() > MAX_REFCOUNT_ORDER) {
            return Optional.of("Reference count entry width too large; may not exceed 64 bits");
        }
        if (f.refcountTableClusters() == 0) {
            return Optional.of("Image does not contain a reference count table");
        }
        Optional<String> table = table("Reference count table", f.refcountTableOffset(), f.refcountTableClusters(),
                "clusters", cs, MAX_REFTABLE_BYTES, cs);
        if (table.isEmpty()) {
            table = table("Snapshot table", f.snapshotsOffset(), f.nbSnapshots(), "entries", SNAPSHOT_HEADER_BYTES,
                    SNAPSHOT_HEADER_BYTES * MAX_SNAPSHOTS, cs);
        }
        if (table.isEmpty()) {
            table = table("Active L1 table", f.l1TableOffset(), f.l1Size(), "entries", 8, MAX_L1_BYTES, cs);
        }
        if (table.isPresent()) {
            return table;
        }
        long needed = f.l1EntriesNeeded();
        if (needed > Integer.MAX_VALUE) {
            return Optional.of("Image is too big (virtual size " + Long.toUnsignedString(f.size()) + " bytes)");
        }
        if (f.l1Size() < needed) {
            return Optional.of("L1 table is too small (" + f.l1Size() + " entries where the virtual size of "
                    + Long.toUnsignedString(f.size()) + " bytes needs " + needed + ")");
        }
        return Optional.empty();
    }

    /**
     * QEMU's {@code qcow2_validate_table}: at most {@code maxBytes} of entries, an offset that is cluster aligned and
     * leaves the table below 2^63. Checked even for an empty table, as QEMU does.
     */
    static Optional<String> table(String name, long offset, long entries, String unit, long entryBytes,
                                  long maxBytes, long cs) {
        if (entries > maxBytes / entryBytes) {
            return Optional.of(name + " too large (" + entries + " " + unit + "; QEMU allows " + maxBytes / entryBytes
                    + ")");
        }
        if (offset < 0 || Long.MAX_VALUE - entries * entryBytes < offset || (offset & (cs - 1)) != 0) {
            return Optional.of(name + " offset invalid (" + hex(offset) + ")");
        }
        return Optional.empty();
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
