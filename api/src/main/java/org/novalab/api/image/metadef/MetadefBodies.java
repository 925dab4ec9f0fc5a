package org.novalab.api.image.metadef;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.novalab.api.http.ApiException;

/** The checks Glance's metadef schemas make of a request body, with its 400 "does not match schema" wording. */
final class MetadefBodies {
    /** The JSON schema types a property definition may have. */
    static final List<String> TYPES = List.of("array", "boolean", "integer", "number", "object", "string", "null");
    private static final Set<String> OBJECT_FIELDS = Set.of("name", "description", "required", "properties",
            "schema", "self", "created_at", "updated_at");

    private MetadefBodies() {
    }

    static ApiException invalid(String schema, String reason) {
        return ApiException.badRequest("Provided object does not match schema '" + schema + "': " + reason);
    }

    static String text(JsonObject body, String field, int max, boolean required, String schema) {
        Object value = body.getValue(field);
        if (value == null) {
            if (required) {
                throw invalid(schema, "'" + field + "' is a required property");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid(schema, value + " is not of type 'string'");
        }
        if (text.length() > max) {
            throw invalid(schema, "'" + field + "' is too long (at most " + max + " characters)");
        }
        if (text.indexOf('\0') >= 0) {
            throw invalid(schema, "'" + field + "' holds a NUL character");
        }
        return text;
    }

    static JsonObject object(JsonObject body, String field, String schema) {
        if (!(body.getValue(field) instanceof JsonObject object)) {
            throw invalid(schema, "'" + field + "' is not of type 'object'");
        }
        return object;
    }

    /** A property definition: an object with a title and a JSON schema type (Glance's property schema). */
    static JsonObject checkProperty(String name, Object definition, String schema) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw invalid(schema, "a property name is 1 to 255 characters");
        }
        if (!(definition instanceof JsonObject property)) {
            throw invalid(schema, "property '" + name + "' is not of type 'object'");
        }
        text(property, "title", 255, true, schema);
        Object type = property.getValue("type");
        if (type == null) {
            throw invalid(schema, "'type' is a required property");
        }
        if (!TYPES.contains(type)) {
            throw invalid(schema, "'" + type + "' is not one of " + TYPES);
        }
        if (property.containsKey("enum") && !(property.getValue("enum") instanceof JsonArray)) {
            throw invalid(schema, "'enum' is not of type 'array'");
        }
        return property;
    }

    /** An object definition: a name, and optionally a description, required property names and properties. */
    static JsonObject checkObject(JsonObject object, String schema) {
        text(object, "name", 255, true, schema);
        text(object, "description", 500, false, schema);
        for (String field : object.fieldNames()) {
            if (!OBJECT_FIELDS.contains(field)) {
                throw invalid(schema, "Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        Object required = object.getValue("required");
        if (required != null && (!(required instanceof JsonArray array)
                || !array.stream().allMatch(String.class::isInstance))) {
            throw invalid(schema, "'required' is not an array of strings");
        }
        if (object.getValue("properties") != null) {
            object(object, "properties", schema).forEach(e -> checkProperty(e.getKey(), e.getValue(), schema));
        }
        return object;
    }
}
