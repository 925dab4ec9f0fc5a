package org.novalab.api.compute;

import java.util.Optional;
import java.util.UUID;

/**
 * One server as the instances table records it, for pages that show every server of the deployment (the
 * classroom): its name and Nova status, the states behind it, its host and, in ERROR, the fault that says why.
 *
 * @param imageId the Glance image its root disk was made from (a boot from volume's volume too)
 * @param backend the root disk's image backend ({@code QCOW2}, {@code FLAT}, {@code RBD})
 * @param host    the compute host it is placed on; empty when none was found (NoValidHost)
 */
public record InstanceOverview(UUID uuid, String name, String status, String vmState, Optional<String> taskState,
                               String powerState, Optional<String> host, String imageId, String backend,
                               Optional<Fault> fault) {
    /** Booted from a volume: the root disk is a volume in the pool (the Rbd backend), not a file on the host. */
    public boolean bootFromVolume() {
        return org.novalab.compute.BackendKind.RBD.name().equals(backend);
    }

    /** Nova's instance fault: the code and message a server in ERROR shows. */
    public record Fault(int code, String message) {
    }
}
