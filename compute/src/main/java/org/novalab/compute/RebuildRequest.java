package org.novalab.compute;

import java.util.UUID;

/**
 * What a rebuild asks of the instance's host (Nova's {@code rebuild_instance}): the root disk made again from the
 * image of {@code spawn}, with the backend, creation method and encryption format the instance was built with (the
 * API keeps them, as Nova keeps them on the instance's block device mappings), the domain defined for it and
 * booted.
 *
 * @param preserveEphemeral Nova's flag; the libvirt driver cannot keep ephemeral partitions and fails the rebuild
 * @param staysStopped      the instance was stopped: after the rebuild's boot it is powered off again, as Nova does
 */
public record RebuildRequest(SpawnRequest spawn, boolean preserveEphemeral, boolean staysStopped) {
    public RebuildRequest {
        if (spawn == null) {
            throw new InvalidRequest("a rebuild request needs the instance and its image");
        }
    }

    public UUID uuid() {
        return spawn.uuid();
    }
}
