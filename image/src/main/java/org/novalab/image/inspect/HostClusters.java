package org.novalab.image.inspect;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which host cluster of a qcow2 holds which metadata: what lets the layout check see two structures in one
 * cluster, or guest data written over one, without trusting the image's own refcounts.
 */
final class HostClusters {
    private final long clusterBits;
    private final Map<Long, Qcow2Metadata> metadata = new HashMap<>();

    HostClusters(long clusterBits) {
        this.clusterBits = clusterBits;
    }

    /**
     * Records {@code length} bytes at {@code offset} as {@code kind}; answers the metadata already in one of those
     * clusters that may not share it (the first such cluster stops the claim).
     */
    Optional<Qcow2Metadata> claim(long offset, long length, Qcow2Metadata kind) {
        for (long c = offset >>> clusterBits, last = (offset + length - 1) >>> clusterBits; c <= last; c++) {
            Qcow2Metadata there = metadata.putIfAbsent(c, kind);
            if (there != null && !there.shareableWith(kind)) {
                return Optional.of(there);
            }
        }
        return Optional.empty();
    }

    /** The metadata in any cluster of the range, if some is there. */
    Optional<Qcow2Metadata> metadataIn(long offset, long length) {
        for (long c = offset >>> clusterBits, last = (offset + length - 1) >>> clusterBits; c <= last; c++) {
            Qcow2Metadata there = metadata.get(c);
            if (there != null) {
                return Optional.of(there);
            }
        }
        return Optional.empty();
    }
}
