package org.novalab.compute;

import java.time.Duration;

/**
 * Where the driver reports how long each {@link BuildPhase} of a spawn, rebuild or unshelve took. The compute
 * manager's metrics implement it; {@link #NONE} is for drivers nobody observes (tools, tests).
 */
public interface BuildTimings {
    BuildTimings NONE = (action, phase, took) -> {
    };

    /**
     * @param action the operation the phase belongs to ({@code spawn}, {@code rebuild}, {@code unshelve})
     */
    void record(String action, BuildPhase phase, Duration took);

    /** The timer of one operation's phases. */
    default PhaseTimer of(String action) {
        return new PhaseTimer(action, this);
    }
}
