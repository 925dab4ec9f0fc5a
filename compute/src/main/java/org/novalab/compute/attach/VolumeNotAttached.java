package org.novalab.compute.attach;

import org.novalab.compute.InvalidRequest;

/** A detach of a volume the instance's domain does not hold (Nova's {@code DiskNotFound}). */
public final class VolumeNotAttached extends InvalidRequest {
    public VolumeNotAttached(String instance, String volumeId) {
        super("No disk with serial " + volumeId + " is attached to instance " + instance);
    }
}
