package org.novalab.image.inspect;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a qcow2's active L1 and L2 tables map, counted from its metadata alone: the guest clusters whose data the
 * file holds, and how many distinct host clusters hold it. A qcow2 whose tables map many guest clusters onto few
 * host clusters is small to store and large to expand (a disk-fill bomb through {@code force_raw_images}).
 *
 * @param mappedClusters       guest clusters (within the virtual size) that read data from the file: normal or
 *                             compressed clusters, not unallocated or zero ones
 * @param distinctHostClusters host clusters those guest clusters read
 */
public record Qcow2Allocation(long clusterSize, long virtualSize, long mappedClusters, long distinctHostClusters) {
    /** What a sparse raw copy allocates at most: every mapped guest cluster, never past the virtual size. */
    public long rawBytes() {
        return Math.min(mappedClusters * clusterSize, virtualSize);
    }

    public static Qcow2Allocation of(Path file) throws IOException {
        try (ImageBytes bytes = ImageBytes.of(file)) {
            return of(bytes);
        }
    }

    /** @throws IllegalArgumentException when the bytes are no qcow2 QEMU would open (the gate refuses those) */
    public static Qcow2Allocation of(ImageBytes bytes) throws IOException {
        Header h = new Header(bytes);
        if (!h.hasMagic(0, Qcow2Probe.MAGIC)) {
            throw new IllegalArgumentException("not a qcow2 image");
        }
        Qcow2Fields f = Qcow2Fields.read(h);
        var violation = Qcow2Limits.violation(f);
        if (violation.isPresent()) {
            throw new IllegalArgumentException(violation.get());
        }
        return new Qcow2Mapping(h, f).count();
    }
}
