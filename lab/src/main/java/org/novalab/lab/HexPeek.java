package org.novalab.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code hexdump -C} view of a sector's first bytes and of its last 16 (where a boot sector keeps 55 AA), so a
 * student sees at a glance whether the bytes are boot code or ciphertext/noise.
 */
public final class HexPeek {
    private static final int HEAD = 48;

    private HexPeek() {
    }

    public static List<String> of(byte[] sector) {
        List<String> lines = new ArrayList<>();
        for (int off = 0; off < Math.min(HEAD, sector.length); off += 16) {
            lines.add(line(sector, off));
        }
        if (sector.length >= 512) {
            lines.add("*");
            lines.add(line(sector, 496));
        }
        return List.copyOf(lines);
    }

    static String line(byte[] data, int off) {
        StringBuilder hex = new StringBuilder(String.format("%08x ", off));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 8) {
                hex.append(' ');
            }
            if (off + i < data.length) {
                int b = data[off + i] & 0xff;
                hex.append(String.format(" %02x", b));
                text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            } else {
                hex.append("   ");
            }
        }
        return hex + "  |" + text + "|";
    }
}
