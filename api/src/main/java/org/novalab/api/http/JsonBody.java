package org.novalab.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of request bodies: the body must be a JSON object, fields have the right types, and unknown
 * fields are refused where the API says so. Every refusal is a 400 naming the field.
 */
public final class JsonBody {
    /** Why a text holding U+0000 is refused: PostgreSQL can neither store nor search for one. */
    public static final String NUL = "the text holds a NUL character (U+0000), which no database of novalab's can store";
    private JsonBody() {
    }

    public static JsonObject object(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("The request body is empty; a JSON object is required");
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(text);
        } catch (io.vertx.core.json.DecodeException e) {
            throw ApiException.badRequest("Malformed request body: not valid JSON");
        }
        if (!(parsed instanceof JsonObject json)) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        return json;
    }

    public static JsonObject requireObject(JsonObject parent, String field) {
        Object value = parent.getValue(field);
        if (value == null) {
            throw ApiException.badRequest("'" + field + "' is a required property");
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': must be an object");
        }
        return object;
    }

    public static JsonObject optionalObject(JsonObject parent, String field) {
        Object value = parent.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': must be an object");
        }
        return object;
    }

    public static JsonArray optionalArray(JsonObject parent, String field) {
        Object value = parent.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': must be an array");
        }
        return array;
    }

    public static String requireString(JsonObject parent, String field) {
        String value = optionalString(parent, field);
        if (value == null) {
            throw ApiException.badRequest("'" + field + "' is a required property");
        }
        return value;
    }

    public static String optionalString(JsonObject parent, String field) {
        Object value = parent.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + render(value)
                    + " is not of type 'string'");
        }
        if (s.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + NUL);
        }
        return s;
    }

    /** A string, or a number given where Nova also accepts one (flavorRef). */
    public static String requireStringOrNumber(JsonObject parent, String field) {
        Object value = parent.getValue(field);
        if (value instanceof Number n) {
            return n.toString();
        }
        return requireString(parent, field);
    }

    public static Integer optionalInt(JsonObject parent, String field) {
        Object value = parent.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof java.math.BigInteger) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + render(value)
                    + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        if (value instanceof String s && s.matches("-?\\d{1,9}")) {
            return Integer.parseInt(s);
        }
        throw ApiException.badRequest("Invalid input for field '" + field + "': " + render(value)
                + " is not of type 'integer'");
    }

    /** A string of at most {@code maxLength} characters (its column's width), or null when absent. */
    public static String optionalString(JsonObject parent, String field, int maxLength) {
        String value = optionalString(parent, field);
        if (value != null && value.length() > maxLength) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + render(value) + " is too long");
        }
        return value;
    }

    /** A required string of 1 to {@code maxLength} characters. */
    public static String requireString(JsonObject parent, String field, int maxLength) {
        String value = requireString(parent, field);
        if (value.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': '' is too short");
        }
        return optionalString(parent, field, maxLength);
    }

    public static boolean optionalBoolean(JsonObject parent, String field, boolean fallback) {
        Object value = parent.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw ApiException.badRequest("Invalid input for field '" + field + "': " + render(value)
                + " is not of type 'boolean'");
    }

    public static void allowOnly(JsonObject object, Set<String> allowed, String where) {
        Set<String> unknown = new TreeSet<>(object.fieldNames());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Invalid input for '" + where + "': additional properties are not allowed ("
                    + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList()) + " was unexpected)");
        }
    }

    private static String render(Object value) {
        String text = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
