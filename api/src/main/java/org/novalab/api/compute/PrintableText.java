package org.novalab.api.compute;

/**
 * Which characters Nova lets a name, an availability zone and a description hold (its {@code parameter_types}):
 * printable ones, that is no control, format, surrogate, private-use or unassigned character and no line or
 * paragraph separator; a name (unlike a description) may not start or end with a space. Nova builds its character
 * class from the Basic Multilingual Plane only, so a character beyond U+FFFE is not printable to it either.
 */
final class PrintableText {
    private PrintableText() {
    }

    /** Nova's {@code name} format (the regex also admits the empty string: the length check refuses that). */
    static boolean isName(String text) {
        if (text.isEmpty()) {
            return true;
        }
        int first = text.codePointAt(0);
        int last = text.codePointBefore(text.length());
        return isPrintable(text) && !isSpace(first) && !isSpace(last);
    }

    /** Nova's description pattern: printable characters, spaces anywhere. */
    static boolean isPrintable(String text) {
        return text.codePoints().allMatch(PrintableText::printable);
    }

    private static boolean printable(int codePoint) {
        if (codePoint > 0xFFFE) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    static boolean isSpace(int codePoint) {
        return Character.getType(codePoint) == Character.SPACE_SEPARATOR;
    }
}
