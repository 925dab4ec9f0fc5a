package org.novalab.compute;

import java.util.UUID;
import org.novalab.compute.state.PowerState;

/**
 * What the database believes about an instance, for {@link ComputeDriver#reconcile}: the power state its domain
 * should be in ({@link PowerState#RUNNING}, {@link PowerState#PAUSED} or {@link PowerState#SHUTDOWN}) and, for a
 * suspended one, that it is shut off with its guest in a managed save image ({@code saved}).
 */
public record KnownInstance(UUID uuid, String domainName, PowerState expected, boolean saved) {
    public KnownInstance(UUID uuid, String domainName, PowerState expected) {
        this(uuid, domainName, expected, false);
    }

    /** A suspended instance: its domain shut off, its guest's memory in libvirt's managed save image. */
    public static KnownInstance suspended(UUID uuid, String domainName) {
        return new KnownInstance(uuid, domainName, PowerState.SHUTDOWN, true);
    }
}
