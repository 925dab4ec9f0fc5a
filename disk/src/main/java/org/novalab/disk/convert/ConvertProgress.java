package org.novalab.disk.convert;

/**
 * Told how far a convert has come, the way {@code qemu-img convert -p} counts: in percent of the source's data
 * (zero and unallocated ranges count for nothing), one step per copied piece of at most {@link #PIECE} bytes.
 */
public interface ConvertProgress {
    /** qemu-img copies in pieces of at most 2 MiB, each counted once it is written. */
    int PIECE = 2 << 20;

    ConvertProgress NONE = delta -> {
    };

    /** @param delta percent points of the source's data written since the last call */
    void advanced(float delta);
}
