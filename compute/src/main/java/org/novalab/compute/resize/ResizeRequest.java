package org.novalab.compute.resize;

import java.util.UUID;
import org.novalab.compute.Flavor;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.rpc.InstanceRef;

/**
 * One resize of an instance on its own host (Nova's {@code allow_resize_to_same_host}), as its resize, confirm and
 * revert carry it: the migration that records it, the flavor it had and the one it gets, and whether it was stopped
 * before (Nova's {@code old_vm_state}: a stopped server stays off through the resize and its revert).
 */
public record ResizeRequest(InstanceRef instance, UUID migration, Flavor oldFlavor, Flavor newFlavor,
                            boolean wasStopped) {
    public ResizeRequest {
        if (instance == null || migration == null || oldFlavor == null || newFlavor == null) {
            throw new InvalidRequest("a resize names its instance, its migration and both flavors");
        }
    }

    public UUID uuid() {
        return instance.uuid();
    }
}
