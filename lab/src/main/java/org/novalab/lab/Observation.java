package org.novalab.lab;

import java.util.Optional;

/**
 * What one start of a domain showed.
 *
 * @param detail  the line that decides the outcome: the guest's first banner line, the firmware's
 *                "No bootable device.", or the hypervisor's refusal
 * @param console everything the guest printed during this start (console.log's new part); empty when refused
 * @param note    why a case was skipped or what differed, for the reader
 */
public record Observation(Outcome outcome, String detail, String console, Optional<String> note) {
    public Observation {
        detail = detail == null ? "" : detail;
        console = console == null ? "" : console;
        note = note == null ? Optional.empty() : note;
    }

    public static Observation skipped(String why) {
        return new Observation(Outcome.SKIPPED, why, "", Optional.of(why));
    }

    /** True when this observation is what {@code c} expects (outcome and, for refusals, the message). */
    public boolean satisfies(LabCase c) {
        if (outcome != c.expected()) {
            return false;
        }
        return c.expectedError().map(detail::contains).orElse(true);
    }
}
