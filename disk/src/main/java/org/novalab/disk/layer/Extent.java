package org.novalab.disk.layer;

/**
 * A run of guest bytes with one status in one layer.
 *
 * @param hostOffset where the run's first byte is stored in the layer's file, or -1 when it is not stored
 */
public record Extent(Kind kind, long length, long hostOffset) {
    public enum Kind {
        /** Stored in this layer (ciphertext when the layer is encrypted). */
        DATA,
        /** Reads as zeros in this layer, whatever lies below. */
        ZERO,
        /** Not in this layer: read the backing file (zeros when there is none). */
        UNALLOCATED,
        /** A compressed cluster (deflate); read through {@link Layer#readData}, one cluster per extent. */
        COMPRESSED
    }
}
