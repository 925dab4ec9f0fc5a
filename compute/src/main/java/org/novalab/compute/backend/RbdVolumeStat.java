package org.novalab.compute.backend;

import java.util.List;
import java.util.Optional;

/**
 * An RBD volume as {@code rbd info} and {@code rados ls} show it: its size, the snapshot it was cloned from, and
 * the data objects it stores itself (a fresh clone stores none: its reads fall through to the parent).
 *
 * @param parent      {@code pool/image@snapshot}; empty for a volume that is not a clone
 * @param dataObjects {@code pool/rbd_data.<prefix>.<n>}, in object-number order
 */
public record RbdVolumeStat(String pool, String name, long size, Optional<String> parent, List<String> dataObjects) {
    public RbdVolumeStat {
        dataObjects = List.copyOf(dataObjects);
    }
}
