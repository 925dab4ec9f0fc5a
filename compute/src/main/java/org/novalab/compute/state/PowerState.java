package org.novalab.compute.state;

/** Nova's power states ({@code nova.compute.power_state}): what the hypervisor says of a domain, with Nova's numbers. */
public enum PowerState {
    NOSTATE(0), RUNNING(1), PAUSED(3), SHUTDOWN(4), CRASHED(6), SUSPENDED(7);

    private final int code;

    PowerState(int code) {
        this.code = code;
    }

    /** The number the API shows as {@code OS-EXT-STS:power_state} and the instances table keeps. */
    public int code() {
        return code;
    }

    public static PowerState ofCode(int code) {
        for (PowerState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown power_state " + code);
    }

    /** Nova's name of the state ({@code power_state.STATE_MAP}), as its diagnostics and its 409s show it. */
    public String novaName() {
        return switch (this) {
            case NOSTATE -> "pending";
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case SHUTDOWN -> "shutdown";
            case CRASHED -> "crashed";
            case SUSPENDED -> "suspended";
        };
    }

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
