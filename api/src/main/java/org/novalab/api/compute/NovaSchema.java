package org.novalab.api.compute;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.novalab.api.http.ApiException;

/**
 * The checks of Nova's JSON schemas that a request body meets field by field, refused in Nova's words: "Invalid
 * input for field/attribute {field}. Value: {value}. {reason}" with the reason jsonschema gives ("42 is not of
 * type 'string'", "'' is too short", "'x' is not a 'base64'"). Values are shown as Python shows them, cut short.
 */
public final class NovaSchema {
    /** Nova's {@code parameter_types.boolean}: JSON booleans and these words. */
    public static final List<Object> BOOLEAN = List.of(true, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes",
            "yes", false, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no");
    public static final String INVALID_NAME = "An invalid 'name' value was provided. The name must be: printable characters. "
            + "Can not start or end with whitespace.";
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+");
    private static final Pattern UUID_HEX = Pattern.compile("[0-9a-f]{32}");
    private static final int SHOWN = 80;

    private NovaSchema() {
    }

    public static ApiException invalid(String field, Object value, String reason) {
        return ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + shown(value) + ". "
                + reason);
    }

    /** Properties other than {@code allowed}: refused, naming them, as jsonschema's additionalProperties does. */
    public static void allowOnly(JsonObject object, Set<String> allowed, String field) {
        Set<String> unexpected = new TreeSet<>(object.fieldNames());
        unexpected.removeAll(allowed);
        if (!unexpected.isEmpty()) {
            throw additional(object, unexpected, field);
        }
    }

    public static ApiException additional(JsonObject object, Set<String> unexpected, String field) {
        String names = unexpected.stream().map(NovaSchema::repr).collect(Collectors.joining(", "));
        String reason = "Additional properties are not allowed (" + names + (unexpected.size() == 1 ? " was" : " were")
                + " unexpected)";
        return field == null ? ApiException.badRequest(reason) : invalid(field, object, reason);
    }

    public static void require(JsonObject object, String property, String field) {
        if (!object.containsKey(property)) {
            String reason = repr(property) + " is a required property";
            throw field == null ? ApiException.badRequest(reason) : invalid(field, object, reason);
        }
    }

    public static JsonObject object(Object value, String field) {
        if (!(value instanceof JsonObject object)) {
            throw invalid(field, value, notOfType(value, "object"));
        }
        return object;
    }

    public static JsonArray array(Object value, String field) {
        if (!(value instanceof JsonArray array)) {
            throw invalid(field, value, notOfType(value, "array"));
        }
        return array;
    }

    /** A string of {@code min} to {@code max} characters (counted as Python counts them, by code point). */
    public static String string(Object value, String field, int min, int max) {
        if (!(value instanceof String text)) {
            throw invalid(field, value, notOfType(value, "string"));
        }
        int length = text.codePointCount(0, text.length());
        if (length < min) {
            throw invalid(field, value, repr(value) + " is too short");
        }
        if (length > max) {
            throw invalid(field, value, repr(value) + " is too long");
        }
        return text;
    }

    /**
     * A free text novalab stores (a metadata or extra spec value): Nova's schema takes any string, but PostgreSQL
     * can store no NUL, so novalab refuses one here rather than fail in the database.
     */
    public static String storedText(Object value, String field, int max) {
        String text = string(value, field, 0, max);
        if (text.indexOf('\0') >= 0) {
            throw invalid(field, value, repr(value) + " holds a NUL character, which novalab's databases cannot store");
        }
        return text;
    }

    /** {@code parameter_types.name}: 1 to 255 printable characters, no space at either end. */
    public static String name(Object value, String field) {
        String text = string(value, field, 1, 255);
        if (!PrintableText.isName(text)) {
            throw ApiException.badRequest(INVALID_NAME);
        }
        return text;
    }

    /**
     * {@code parameter_types.name_with_leading_trailing_spaces}: 1 to 255 printable characters, at least one of them
     * not a space; the caller strips the spaces (Nova's {@code normalize_name}).
     */
    public static String nameWithSpaces(Object value, String field) {
        String text = string(value, field, 1, 255);
        if (!PrintableText.isPrintable(text) || text.codePoints().allMatch(PrintableText::isSpace)) {
            throw ApiException.badRequest("An invalid 'name' value was provided. The name must be: printable "
                    + "characters with at least one non space character");
        }
        return text;
    }

    /** {@code parameter_types.az_name}: a name (1 to 255 printable characters, no space at either end) without ':'. */
    public static String zoneName(Object value, String field) {
        String text = string(value, field, 1, 255);
        if (!PrintableText.isName(text) || text.indexOf(':') >= 0) {
            // Nova's message has no space after "except :."
            throw ApiException.badRequest("An invalid 'name' value was provided. The name must be: printable "
                    + "characters except :.Can not start or end with whitespace.");
        }
        return text;
    }

    /** Nova's {@code parameter_types.hostname}: 2 to 63 letters, digits and inner hyphens. */
    public static String hostname(Object value, String field) {
        if (!(value instanceof String text)) {
            throw invalid(field, value, notOfType(value, "string"));
        }
        if (!HOSTNAME.matcher(text).matches()) {
            throw invalid(field, value, repr(value) + " does not match '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'");
        }
        return string(value, field, 2, 63);
    }

    /** Nova's description pattern: printable characters (spaces anywhere), at most {@code max}; null allowed. */
    public static String description(Object value, String field, int max) {
        if (value == null) {
            return null;
        }
        String text = string(value, field, 0, max);
        if (!PrintableText.isPrintable(text)) {
            throw invalid(field, value, repr(value) + " does not match '^[printable characters]*$'");
        }
        return text;
    }

    /**
     * An object whose keys must match {@code keys} (the {@code patternProperties} of Nova's metadata schemas, with
     * no other property allowed): a key that does not is an additional property.
     */
    public static JsonObject keysMatching(Object value, Pattern keys, String field) {
        JsonObject object = object(value, field);
        Set<String> unexpected = object.fieldNames().stream().filter(k -> !keys.matcher(k).matches())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unexpected.isEmpty()) {
            throw additional(object, unexpected, field);
        }
        return object;
    }

    public static boolean bool(Object value, String field) {
        if (!BOOLEAN.contains(value)) {
            throw invalid(field, value, repr(value) + " is not one of " + reprList(BOOLEAN));
        }
        return value instanceof Boolean b ? b : Set.of("True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes",
                "yes").contains(value);
    }

    public static String oneOf(Object value, String field, List<String> allowed) {
        if (!(value instanceof String text) || !allowed.contains(text)) {
            throw invalid(field, value, repr(value) + " is not one of " + reprList(allowed));
        }
        return text;
    }

    /**
     * An integer given as a JSON integer or a string of digits (Nova's {@code positive_integer},
     * {@code volume_size}), at least {@code min} and at most {@code max}.
     */
    public static long integer(Object value, String field, long min, long max) {
        long number;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text) {
            if (text.isEmpty()) {
                throw invalid(field, value, repr(value) + " is too short");
            }
            if (!DIGITS.matcher(text).matches()) {
                throw invalid(field, value, repr(value) + " does not match '^[0-9]*$'");
            }
            try {
                number = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw invalid(field, value, repr(value) + " is greater than the maximum of " + max);
            }
        } else {
            throw invalid(field, value, notOfType(value, "integer", "string"));
        }
        if (number < min) {
            throw invalid(field, value, number + " is less than the minimum of " + min);
        }
        if (number > max) {
            throw invalid(field, value, number + " is greater than the maximum of " + max);
        }
        return number;
    }

    public static long positiveInteger(Object value, String field) {
        return integer(value, field, 1, Long.MAX_VALUE);
    }

    /** The {@code uuid} format: what Python's {@code uuid.UUID} reads back to the same 32 hex digits. */
    public static boolean isUuidLike(String text) {
        String hex = text.replace("urn:", "").replace("uuid:", "");
        int start = 0;
        int end = hex.length();
        while (start < end && (hex.charAt(start) == '{' || hex.charAt(start) == '}')) {
            start++;
        }
        while (end > start && (hex.charAt(end - 1) == '{' || hex.charAt(end - 1) == '}')) {
            end--;
        }
        return UUID_HEX.matcher(hex.substring(start, end).replace("-", "").toLowerCase(Locale.ROOT)).matches();
    }

    public static String uuid(Object value, String field) {
        if (!(value instanceof String text)) {
            throw invalid(field, value, notOfType(value, "string"));
        }
        if (!isUuidLike(text)) {
            throw invalid(field, value, repr(value) + " is not a 'uuid'");
        }
        return text;
    }

    public static String notOfType(Object value, String... types) {
        return repr(value) + " is not of type " + java.util.Arrays.stream(types).map(NovaSchema::repr)
                .collect(Collectors.joining(", "));
    }

    /** How Python shows a JSON value: {@code 'text'}, {@code True}, {@code None}, numbers as they are. */
    public static String repr(Object value) {
        String text;
        if (value instanceof String s) {
            text = "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\x00").replace("\n", "\\n") + "'";
        } else if (value instanceof Boolean b) {
            text = b ? "True" : "False";
        } else if (value == null) {
            text = "None";
        } else if (value instanceof JsonObject || value instanceof JsonArray) {
            text = value.toString();
        } else {
            text = String.valueOf(value);
        }
        return cut(text);
    }

    private static String shown(Object value) {
        return value instanceof String s ? cut(s.replace("\0", "\\x00")) : repr(value);
    }

    private static String reprList(List<?> values) {
        return values.stream().map(NovaSchema::repr).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String cut(String text) {
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
    }
}
