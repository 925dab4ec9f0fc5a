package org.novalab.api.compute;

import java.util.Optional;
import java.util.UUID;

/**
 * One server as the instances table records it, for pages that show every server of the deployment (the
 * classroom): its name and Nova status, the states behind it, its host and, in ERROR, the fault that says why.
 *
 * @param imageId the Glance image it booted from; empty for a server booted from a volume (Nova shows "")
 * @param backend the root disk's image backend ({@code QCOW2}, {@code FLAT}, {@code RBD})
 * @param host    the compute host it is placed on; empty when none was found (NoValidHost)
 */
public record InstanceOverview(UUID uuid, String name, String status, String vmState, Optional<String> taskState,
                               String powerState, Optional<String> host, String imageId, String backend,
                               Optional<Fault> fault) {
    /** Nova's instance fault: the code and message a server in ERROR shows. */
    public record Fault(int code, String message) {
    }
}
