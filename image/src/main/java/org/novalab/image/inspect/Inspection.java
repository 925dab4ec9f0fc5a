package org.novalab.image.inspect;

import java.util.List;

/**
 * What the headers of one image say.
 *
 * @param virtualSize   the guest-visible size in bytes (the file size for raw and iso)
 * @param safetyProblems why the image must not be used even when its format is the expected one (a backing
 *                       file, an external data file, extents in other files); empty when none
 */
public record Inspection(DetectedFormat format, long virtualSize, List<String> safetyProblems) {
    public Inspection {
        safetyProblems = List.copyOf(safetyProblems);
    }

    public static Inspection safe(DetectedFormat format, long virtualSize) {
        return new Inspection(format, virtualSize, List.of());
    }

    public boolean isSafe() {
        return safetyProblems.isEmpty();
    }
}
