package org.novalab.api.compute;

/**
 * Whether Nova can decode a text as base64 (its {@code user_data} check, through Python's lenient decoder):
 * characters outside the alphabet are skipped, and the data characters must fill whole quads, or padding must
 * complete the last one, after which nothing more is read. So {@code "aGk=\n"} and {@code "aGk=garbage"} decode,
 * {@code "aGk"} (no padding) and {@code "a"} do not.
 */
final class Base64Text {
    private Base64Text() {
    }

    static boolean decodes(String text) {
        int quad = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                if (quad == 3 || quad == 2 && nextSignificantIsPad(text, i + 1)) {
                    return true;
                }
                continue;
            }
            if (isAlphabet(c)) {
                quad = (quad + 1) % 4;
            }
        }
        return quad == 0;
    }

    private static boolean nextSignificantIsPad(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                return true;
            }
            if (isAlphabet(c)) {
                return false;
            }
        }
        return false;
    }

    private static boolean isAlphabet(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }
}
