package org.novalab.compute;

import java.util.Optional;

/** Reads a console.log for what matters to the driver: did the last boot reach a guest. */
final class GuestConsole {
    private static final String NO_BOOT = "No bootable device.";
    private static final String BIOS_BANNER = "SeaBIOS (version";

    private GuestConsole() {
    }

    /** The last boot's failure as the firmware printed it, when the domain runs but no guest booted. */
    static Optional<String> fault(String console) {
        int lastBoot = console.lastIndexOf(BIOS_BANNER);
        String last = lastBoot < 0 ? console : console.substring(lastBoot);
        if (last.contains(NO_BOOT)) {
            return Optional.of("guest did not boot: " + (last.contains("not a bootable disk")
                    ? "Boot failed: not a bootable disk; " : "") + NO_BOOT);
        }
        return Optional.empty();
    }
}
