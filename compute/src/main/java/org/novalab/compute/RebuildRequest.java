package org.novalab.compute;

import java.util.Optional;
import java.util.UUID;

/**
 * What a rebuild asks of the instance's host (Nova's {@code rebuild_instance}): the root disk made again from the
 * image of {@code spawn}, with the backend, creation method and encryption format the instance was built with (the
 * API keeps them, as Nova keeps them on the instance's block device mappings), the domain defined for it and
 * booted.
 *
 * @param preserveEphemeral Nova's flag; the libvirt driver cannot keep ephemeral partitions and fails the rebuild
 * @param staysStopped      the instance was stopped: after the rebuild's boot it is powered off again, as Nova does
 * @param evacuation        Nova's {@code recreate}: the instance is evacuated here from a host that is down (the
 *                          migration that records it); its disk is built anew from the image, under the passphrase
 *                          the key manager keeps for it
 */
public record RebuildRequest(SpawnRequest spawn, boolean preserveEphemeral, boolean staysStopped,
                             Optional<UUID> evacuation) {
    public RebuildRequest {
        if (spawn == null) {
            throw new InvalidRequest("a rebuild request needs the instance and its image");
        }
        evacuation = evacuation == null ? Optional.empty() : evacuation;
    }

    /** A rebuild on the instance's own host. */
    public RebuildRequest(SpawnRequest spawn, boolean preserveEphemeral, boolean staysStopped) {
        this(spawn, preserveEphemeral, staysStopped, Optional.empty());
    }

    public UUID uuid() {
        return spawn.uuid();
    }
}
