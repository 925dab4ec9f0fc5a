package org.novalab.storage.ceph;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The NUL-separated name lists librados and librbd fill ({@code a\0b\0\0}). */
final class NulStrings {
    private NulStrings() {
    }

    static List<String> split(byte[] buf, int length) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < Math.min(length, buf.length); i++) {
            if (buf[i] == 0) {
                if (i == start) {
                    break;
                }
                names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    /** The C string at the start of {@code buf}. */
    static String first(byte[] buf) {
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, StandardCharsets.UTF_8);
    }
}
