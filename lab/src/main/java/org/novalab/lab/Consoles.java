package org.novalab.lab;

import java.util.Optional;
import org.novalab.fixture.FixtureGuest;

/** Reads what a start printed on the serial console and tells the lab's outcomes apart. */
final class Consoles {
    static final String NO_BOOT = "No bootable device.";
    static final String BANNER = FixtureGuest.BANNER.lines().findFirst().orElseThrow();

    private Consoles() {
    }

    /** The outcome of a start that the hypervisor accepted, from what this start printed; empty while undecided. */
    static Optional<Observation> verdict(String printed) {
        if (printed.contains(BANNER)) {
            return Optional.of(new Observation(Outcome.BOOTED, BANNER, printed, null));
        }
        if (printed.contains(NO_BOOT)) {
            return Optional.of(new Observation(Outcome.NO_BOOT, NO_BOOT, printed, null));
        }
        return Optional.empty();
    }

    /** The verdict, or NO_BOOT with what was printed when the guest never printed its banner. */
    static Observation finalVerdict(String printed) {
        return verdict(printed).orElseGet(() -> new Observation(Outcome.NO_BOOT,
                "the guest printed no banner" + (printed.isBlank() ? "" : ": " + lastLine(printed)), printed, null));
    }

    private static String lastLine(String s) {
        return s.strip().lines().reduce((a, b) -> b).orElse("");
    }
}
