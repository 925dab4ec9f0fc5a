package org.novalab.compute;

/** Nova's power states, as the driver reports them. */
public enum PowerState {
    NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED, ERROR
}
