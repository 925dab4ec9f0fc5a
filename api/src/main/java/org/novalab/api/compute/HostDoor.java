package org.novalab.api.compute;

import java.util.concurrent.RejectedExecutionException;
import org.novalab.api.http.ApiException;
import org.novalab.compute.rpc.ComputeHosts;

/**
 * What the API checks before it hands an instance's work to its compute host through the door, and how it words
 * a hand-over that did not happen: one rule for every action.
 */
public final class HostDoor {
    private static final String AT_CAPACITY = "novalab is at capacity: the compute host's queue is full";
    private final ComputeHosts hosts;

    public HostDoor(ComputeHosts hosts) {
        this.hosts = hosts;
    }

    /** An instance whose host is not up can be neither changed nor deleted: Nova's 409 for a down service. */
    public void requireUp(InstanceEntity instance) {
        if (instance.host() != null && !hosts.hosts().contains(instance.host())) {
            throw ApiException.conflict("Cannot act on instance " + instance.uuid() + ": its compute host "
                    + instance.host() + " is not up.");
        }
    }

    /** Why the host did not take a cast: its queue is full, or what it answered. */
    public static String notHandedOver(String host, RuntimeException e) {
        return e instanceof RejectedExecutionException ? AT_CAPACITY
                : "compute host " + host + " did not take the request (" + e.getMessage() + ")";
    }
}
