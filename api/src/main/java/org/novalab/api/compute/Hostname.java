package org.novalab.api.compute;

import java.util.Locale;

/**
 * Nova's {@code sanitize_hostname}: the display name reduced to what RFC 952/1123 allow (Latin-1 only, at most 63
 * characters, spaces, dots and underscores become hyphens, anything else but word characters and hyphens goes,
 * lower case, no hyphen or dot at either end); an instance of a multiple create gets {@code -N} after it.
 */
final class Hostname {
    private Hostname() {
    }

    static String of(String displayName, String uuid, int count, int index) {
        String name = sanitize(displayName);
        if (name.isEmpty()) {
            return "Server-" + uuid;
        }
        return count > 1 ? name + "-" + (index + 1) : name;
    }

    static String sanitize(String name) {
        StringBuilder latin1 = new StringBuilder();
        name.codePoints().filter(c -> c <= 0xff).forEach(latin1::appendCodePoint);
        String h = latin1.length() > 63 ? latin1.substring(0, 63) : latin1.toString();
        h = h.replaceAll("[ _.]", "-");
        h = h.replaceAll("(?U)[^\\w.-]+", "");
        h = h.toLowerCase(Locale.ROOT);
        int start = 0;
        int end = h.length();
        while (start < end && (h.charAt(start) == '.' || h.charAt(start) == '-')) {
            start++;
        }
        while (end > start && (h.charAt(end - 1) == '.' || h.charAt(end - 1) == '-')) {
            end--;
        }
        return h.substring(start, end);
    }
}
