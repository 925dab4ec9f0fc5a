package org.novalab.disk.cli;

import java.math.BigDecimal;
import org.novalab.cli.UsageError;

/** qemu-img sizes: bytes, or a number with k/K, M, G, T, P, E (powers of 1024), fractions allowed. */
final class Sizes {
    private Sizes() {
    }

    static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw invalid();
        }
        char last = s.charAt(s.length() - 1);
        int shift = switch (Character.toUpperCase(last)) {
            case 'B' -> 0;
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> -1;
        };
        String number = shift >= 0 ? s.substring(0, s.length() - 1) : s;
        try {
            BigDecimal value = new BigDecimal(number).multiply(BigDecimal.valueOf(2).pow(Math.max(shift, 0)));
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw invalid();
            }
            return value.longValue();
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static UsageError invalid() {
        return new UsageError("Invalid image size specified. You may use k, M, G, T, P or E suffixes for\n"
                + "novalab: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
    }
}
