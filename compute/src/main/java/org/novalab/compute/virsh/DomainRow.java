package org.novalab.compute.virsh;

import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.state.PowerState;

/** One line of {@code virsh list --all}: the running domains' ids, every domain's name, uuid and state. */
public record DomainRow(Optional<String> id, String name, UUID uuid, PowerState state) {
    /** virsh's "active": running or paused (it has an id). */
    public boolean active() {
        return state == PowerState.RUNNING || state == PowerState.PAUSED;
    }
}
