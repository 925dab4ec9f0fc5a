package org.novalab.compute.shelve;

import org.novalab.compute.SpawnRequest;

/**
 * What the API casts to a host for an {@code unshelve} (Nova's {@code unshelve_instance}): the instance as it is
 * spawned again from its shelve image ({@code spawn.imageId()}), and whether it was offloaded (else it is only
 * powered on again).
 */
public record UnshelveRequest(SpawnRequest spawn, boolean offloaded) {
    public UnshelveRequest {
        if (spawn == null) {
            throw new IllegalArgumentException("an unshelve request needs the instance's spawn request");
        }
    }

    public String imageId() {
        return spawn.imageId();
    }
}
