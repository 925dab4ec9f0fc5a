package org.novalab.compute.backend;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.novalab.compute.BackendKind;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.InvalidRequest;
import org.novalab.disk.DiskTool;

/**
 * The image backends a compute host has: Qcow2 and Flat always (files in the instance directory), Rbd when the
 * host has an RBD pool for instance volumes. Nova picks one by {@code images_type}; novalab per request.
 */
public final class ImageBackends {
    private final Map<BackendKind, ImageBackend> byKind = new EnumMap<>(BackendKind.class);

    public ImageBackends(DiskTool disks, Optional<RbdVolumes> rbd) {
        byKind.put(BackendKind.QCOW2, new Qcow2Backend(disks));
        byKind.put(BackendKind.FLAT, new FlatBackend(disks));
        rbd.ifPresent(volumes -> byKind.put(BackendKind.RBD, new RbdBackend(volumes)));
    }

    /**
     * The backend that builds a disk of {@code kind} the way {@code creation} asks: a Qcow2 disk made by
     * {@code convert} is a standalone copy, which is what the Flat backend builds.
     */
    public ImageBackend forDisk(BackendKind kind, DiskCreation creation) {
        BackendKind effective = kind == BackendKind.QCOW2 && creation == DiskCreation.CONVERT ? BackendKind.FLAT : kind;
        ImageBackend backend = byKind.get(effective);
        if (backend == null) {
            // only the Rbd backend depends on the host's configuration
            throw new InvalidRequest("the Rbd backend needs an RBD pool, and this compute host has none configured");
        }
        return backend;
    }

    /** Every backend this host has, by kind. */
    public Map<BackendKind, ImageBackend> all() {
        return Map.copyOf(byKind);
    }
}
