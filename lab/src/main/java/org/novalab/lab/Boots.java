package org.novalab.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a started guest to decide: its banner, or the firmware's "No bootable device.". */
final class Boots {
    private Boots() {
    }

    /**
     * @param console    reads the whole console.log
     * @param from       where this start's output begins in it (console.log keeps earlier boots)
     * @param timeout    how long a real guest may take; the emulated one has decided before start returns
     */
    static Observation await(Supplier<String> console, int from, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            String all = console.get();
            String printed = all.length() > from ? all.substring(from) : "";
            Optional<Observation> v = Consoles.verdict(printed);
            if (v.isPresent() || !Instant.now().isBefore(end)) {
                return v.orElseGet(() -> Consoles.finalVerdict(printed));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Consoles.finalVerdict(printed);
            }
        }
    }
}
