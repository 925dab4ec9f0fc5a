package org.novalab.disk.qcow2;

/** Bit layout of L1 and (standard) L2 entries, from QEMU's docs/interop/qcow2.txt. */
final class L2Entry {
    static final long COPIED = 1L << 63;
    static final long COMPRESSED = 1L << 62;
    static final long ZERO = 1L;
    static final long OFFSET_MASK = 0x00fffffffffffe00L;

    private L2Entry() {
    }

    static long offset(long entry) {
        return entry & OFFSET_MASK;
    }

    static boolean compressed(long entry) {
        return (entry & COMPRESSED) != 0;
    }

    static boolean zero(long entry) {
        return !compressed(entry) && (entry & ZERO) != 0;
    }

    /** A normal data cluster (not zero-flagged, not compressed, with a host offset). */
    static boolean data(long entry) {
        return !compressed(entry) && (entry & ZERO) == 0 && offset(entry) != 0;
    }

    static long dataEntry(long hostOffset) {
        return hostOffset | COPIED;
    }
}
