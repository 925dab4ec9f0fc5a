package org.novalab.compute;

import java.util.UUID;

/** No instance with this uuid on this host (neither a domain nor an instance directory). */
public class InstanceNotFound extends ComputeException {
    private final UUID uuid;

    public InstanceNotFound(UUID uuid) {
        super("Instance " + uuid + " could not be found.");
        this.uuid = uuid;
    }

    public UUID uuid() {
        return uuid;
    }
}
