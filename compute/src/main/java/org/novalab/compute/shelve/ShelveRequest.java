package org.novalab.compute.shelve;

import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.VmState;

/**
 * What the API casts to a host for a {@code shelve} (Nova's {@code shelve_instance}): the instance, the queued shelve
 * image the API made for it, the states the server was in (a failed shelve puts them back, as Nova's
 * {@code reverts_task_state} does) and whether it is offloaded at once ({@code shelved_offload_time} 0).
 */
public record ShelveRequest(InstanceRef instance, String imageId, VmState vmState, PowerState powerState,
                            boolean offloadNow) {
    public ShelveRequest {
        if (instance == null || imageId == null || vmState == null || powerState == null) {
            throw new IllegalArgumentException("a shelve request needs an instance, an image and its states");
        }
    }
}
