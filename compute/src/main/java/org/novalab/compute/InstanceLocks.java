package org.novalab.compute;

import java.util.UUID;

/**
 * One lock per instance, for work that must not overlap on one host (a delete and the build it interrupts): a
 * fixed set of stripes chosen by the instance's uuid, so the locks never grow with the instances a host has seen.
 * Two instances may share a stripe; their work then merely waits its turn.
 */
public final class InstanceLocks {
    private static final int STRIPES = 256;
    private final Object[] stripes = new Object[STRIPES];

    public InstanceLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** The monitor to synchronize on for {@code instance}. */
    public Object of(UUID instance) {
        return stripes[Math.floorMod(instance.hashCode(), STRIPES)];
    }
}
