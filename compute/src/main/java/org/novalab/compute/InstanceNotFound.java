package org.novalab.compute;

import java.util.UUID;

/** No instance with this uuid on this host (neither a domain nor an instance directory). */
public class InstanceNotFound extends ComputeException {
    public InstanceNotFound(UUID uuid) {
        super("Instance " + uuid + " could not be found.");
    }
}
