package org.novalab.api.compute;

import java.util.regex.Pattern;

/**
 * The id a reference names, the way Nova reads a {@code flavorRef}: the last segment of the path of the reference
 * taken as a URL, so {@code http://host/v2.1/flavors/1?x=y} and {@code 1} both name flavor 1 (and so does
 * {@code ../1}: the id is what is looked up, never a path novalab follows).
 */
final class HrefId {
    /** A URL scheme, as Python's {@code urlsplit} recognises one: a letter, then letters, digits, {@code +-.}. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

    private HrefId() {
    }

    static String of(String href) {
        String rest = before(before(href, '#'), '?');
        var scheme = SCHEME.matcher(rest);
        if (scheme.lookingAt()) {
            rest = rest.substring(scheme.end());
        }
        if (rest.startsWith("//")) {
            int pathStart = rest.indexOf('/', 2);
            rest = pathStart < 0 ? "" : rest.substring(pathStart);
        }
        return rest.substring(rest.lastIndexOf('/') + 1);
    }

    private static String before(String text, char mark) {
        int at = text.indexOf(mark);
        return at < 0 ? text : text.substring(0, at);
    }
}
