package org.novalab.api.virsh;

import org.novalab.compute.PowerState;

/** virsh's names of domain states ({@code virsh list}'s State column). */
final class VirshStates {
    private VirshStates() {
    }

    static String of(PowerState s) {
        return switch (s) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case SHUTDOWN -> "shut off";
            case CRASHED -> "crashed";
            case SUSPENDED -> "pmsuspended";
            default -> "no state";
        };
    }
}
