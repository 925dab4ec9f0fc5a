package org.novalab.disk.info;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Number formatting exactly as qemu's C code prints it. */
public final class QemuText {
    private static final String[] SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private QemuText() {
    }

    /** qemu's {@code size_to_str}: "196 KiB", "2.19 MiB", "1 GiB", "0 B". */
    public static String size(long bytes) {
        double scaled = bytes / (1000.0 / 1024.0);
        int exp = scaled == 0 ? 0 : Math.getExponent(scaled) + 1;
        int i = (exp - 1) / 10;
        i = Math.max(0, Math.min(i, SUFFIXES.length - 1));
        double value = (double) bytes / (double) (1L << (i * 10));
        return g3(value) + " " + SUFFIXES[i] + "B";
    }

    /**
     * C's {@code %0.3g}: three significant digits, trailing zeros dropped. printf rounds the double's exact value
     * to nearest, ties to even (6.125 prints 6.12), hence HALF_EVEN on the exact BigDecimal, not MathContext's
     * default HALF_UP.
     */
    static String g3(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= 3) {
            // %g switches to exponent notation once the rounded value has more digits than the precision
            String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return mantissa + "e+" + (exponent < 10 ? "0" : "") + exponent;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** C's {@code %0.2f}: the exact value rounded ties to even (Java's %.2f rounds its shortest decimal up). */
    public static String percent(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** C's {@code %#x}: "0" for zero, else "0x..." lower case. */
    public static String hexAlt(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }
}
