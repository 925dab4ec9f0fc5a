package org.novalab.compute;

/** Nova's power states, as the driver reports them. */
public enum PowerState {
    NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED, ERROR;

    /** The name virsh shows for this state ({@code virsh list}'s State column). */
    public String virshName() {
        return switch (this) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case SHUTDOWN -> "shut off";
            case CRASHED -> "crashed";
            case SUSPENDED -> "pmsuspended";
            default -> "no state";
        };
    }
}
