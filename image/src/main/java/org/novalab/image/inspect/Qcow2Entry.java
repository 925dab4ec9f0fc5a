package org.novalab.image.inspect;

/**
 * The bits of qcow2's L1, L2 and refcount table entries (docs/interop/qcow2.txt). A standard L2 entry is a
 * descriptor: compressed (a byte offset and a sector count) or not (a cluster offset, and bit 0 "reads as zeros").
 * The disk library has its own reading of these bits on purpose: the gate reads images independently of the code
 * that later converts and boots them (as Nova's format inspector does of qemu-img), so one misreading is not both
 * the check and the thing checked.
 */
final class Qcow2Entry {
    static final long COPIED = 1L << 63;
    static final long COMPRESSED = 1L << 62;
    static final long ZERO = 1L;
    /** L1E_OFFSET_MASK and L2E_OFFSET_MASK: bits 9-55. */
    static final long OFFSET_MASK = 0x00fffffffffffe00L;
    /** REFT_OFFSET_MASK: bits 9-63. */
    static final long REFCOUNT_BLOCK_MASK = 0xfffffffffffffe00L;
    /** Bits the spec reserves (must be 0), as qemu-img check tests them: L1E_RESERVED_MASK, L2E_STD_RESERVED_MASK. */
    static final long L1_RESERVED = 0x7f000000000001feL;
    static final long L2_RESERVED = 0x3f000000000001feL;
    static final long REFCOUNT_TABLE_RESERVED = 0x1ffL;

    private Qcow2Entry() {
    }

    static long offset(long entry) {
        return entry & OFFSET_MASK;
    }

    static boolean compressed(long entry) {
        return (entry & COMPRESSED) != 0;
    }

    /** The bit that makes a standard cluster read as zeros (extended L2 entries keep that in their bitmap). */
    static boolean zero(long entry, Qcow2Fields f) {
        return !f.extendedL2() && (entry & ZERO) != 0;
    }

    /** Where a compressed cluster's data starts: a byte offset, in the low 62 - (cluster_bits - 8) bits. */
    static long compressedOffset(long entry, long clusterBits) {
        return entry & ((1L << (62 - (clusterBits - 8))) - 1);
    }

    /** The bytes from {@link #compressedOffset} to the end of the last 512-byte sector the data may use. */
    static long compressedLength(long entry, long clusterBits) {
        long shift = 62 - (clusterBits - 8);
        long sectors = ((entry >>> shift) & ((1L << (clusterBits - 8)) - 1)) + 1;
        long offset = compressedOffset(entry, clusterBits);
        return (offset & ~511L) + sectors * 512 - offset;
    }

    /** Guest data of a cluster that QEMU reads from this file: a compressed cluster or a normal one. */
    static boolean readsData(long entry, Qcow2Fields f) {
        return compressed(entry) || (offset(entry) != 0 && !zero(entry, f));
    }
}
