package org.novalab.compute;

import java.time.Duration;
import java.util.function.Supplier;

/** Times the phases of one operation ({@code action}) into {@code timings}, whether each step succeeds or throws. */
public record PhaseTimer(String action, BuildTimings timings) {
    public <T> T time(BuildPhase phase, Supplier<T> step) {
        long started = System.nanoTime();
        try {
            return step.get();
        } finally {
            timings.record(action, phase, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    public void run(BuildPhase phase, Runnable step) {
        time(phase, () -> {
            step.run();
            return null;
        });
    }
}
