package org.novalab.storage.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.cli.UsageError;

/** {@code rbd --size}: a number of MiB by default, or with a binary unit ({@code 512K}, {@code 2G}, {@code 1TiB}). */
final class RbdSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([BKMGT])(?:I?B)?)?");

    private RbdSize() {
    }

    static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageError("rbd: bad size '" + text + "': give MiB (2048) or a number with a unit "
                    + "(B, K, M, G, T), e.g. 2G");
        }
        String unit = m.group(2) == null ? "M" : m.group(2);
        int shift = switch (unit) {
            case "B" -> 0;
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 40;
        };
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new UsageError("rbd: size '" + text + "' is too large");
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new UsageError("rbd: size '" + text + "' is too large");
        }
        return value << shift;
    }
}
