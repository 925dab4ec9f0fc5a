package org.novalab.api.compute;

/** Nova's power_state numbers. */
public final class PowerState {
    public static final int NOSTATE = 0;
    public static final int RUNNING = 1;
    public static final int SHUTDOWN = 4;

    private PowerState() {
    }
}
