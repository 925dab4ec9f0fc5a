package org.novalab.image.inspect;

import java.io.IOException;

/**
 * The fields of a qcow2 header (QEMU's docs/interop/qcow2.txt) as {@code qcow2_do_open} reads them: every number
 * unsigned, a version 2 header taking version 3's defaults (refcount order 4, header length 72, no features).
 * Nothing here is validated; {@link Qcow2Limits} does that before anything trusts an offset.
 */
record Qcow2Fields(long version, long backingFileOffset, long backingFileSize, long clusterBits, long size,
                   long l1Size, long l1TableOffset, long refcountTableOffset, long refcountTableClusters,
                   long nbSnapshots, long snapshotsOffset, long incompatibleFeatures, long refcountOrder,
                   long headerLength) {
    static final long INCOMPAT_DATA_FILE = 1L << 2;
    static final long INCOMPAT_EXTENDED_L2 = 1L << 4;
    /** dirty, corrupt, external data file, compression type, extended L2: what QEMU knows (QCOW2_INCOMPAT_MASK). */
    static final long INCOMPAT_KNOWN = 0x1f;

    static Qcow2Fields read(Header h) throws IOException {
        long version = h.u32be(4);
        boolean v3 = version >= 3;
        return new Qcow2Fields(version, h.u64be(8), h.u32be(16), h.u32be(20), h.u64be(24), h.u32be(36),
                h.u64be(40), h.u64be(48), h.u32be(56), h.u32be(60), h.u64be(64), v3 ? h.u64be(72) : 0,
                v3 ? h.u32be(96) : 4, v3 ? h.u32be(100) : 72);
    }

    long clusterSize() {
        return 1L << clusterBits;
    }

    boolean extendedL2() {
        return (incompatibleFeatures & INCOMPAT_EXTENDED_L2) != 0;
    }

    /** An L2 entry is 8 bytes, 16 with extended L2 entries (the second half is the subcluster bitmap). */
    long l2EntrySize() {
        return extendedL2() ? 16 : 8;
    }

    long l2Entries() {
        return clusterSize() / l2EntrySize();
    }

    /** The guest clusters of the virtual disk (the size read unsigned, rounded up). */
    long guestClusters() {
        return divideRoundingUp(size, clusterBits);
    }

    /** QEMU's {@code size_to_l1}: the L1 entries the virtual size needs. */
    long l1EntriesNeeded() {
        long l2Bits = clusterBits - Long.numberOfTrailingZeros(l2EntrySize());
        return divideRoundingUp(size, clusterBits + l2Bits);
    }

    /** {@code ceil(unsigned / 2^bits)} without overflow, for sizes of 2^63 and more. */
    private static long divideRoundingUp(long unsigned, long bits) {
        long whole = unsigned >>> bits;
        return (unsigned & ((1L << bits) - 1)) != 0 ? whole + 1 : whole;
    }
}
