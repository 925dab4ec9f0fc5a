package org.novalab.api.compute;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The volumes attached to servers, for the server view's {@code os-extended-volumes:volumes_attached} (the block
 * storage service answers; none until it is there).
 */
@FunctionalInterface
public interface AttachedVolumes {
    AttachedVolumes NONE = servers -> Map.of();

    /** One attached volume: its id and Nova's {@code delete_on_termination}. */
    record Attached(String volumeId, boolean deleteOnTermination) {
    }

    /** By server uuid, the volumes attached to each (servers without any are left out). */
    Map<String, List<Attached>> of(Collection<String> servers);
}
