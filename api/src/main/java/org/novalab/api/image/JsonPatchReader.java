package org.novalab.api.image;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.novalab.api.http.ApiException;
import org.novalab.image.ImagePatch;

/**
 * Reads the body of a Glance {@code PATCH /v2/images/{id}} the way Glance does, before anything is applied: the
 * media type names the dialect (draft 10: {@code {"op": "replace", "path": "/name", "value": ...}}; draft 4, the
 * older one: {@code {"replace": "/name", "value": ...}}), every operation is an object with a known op, a path that
 * is a one-level JSON pointer and, unless it removes, a value; read-only and reserved attributes are refused with
 * 403. What the values may be is the image service's business ({@code ImagePatcher}).
 */
final class JsonPatchReader {
    static final String DRAFT_10 = "application/openstack-images-v2.1-json-patch";
    static final String DRAFT_4 = "application/openstack-images-v2.0-json-patch";
    /** Glance's Accept-Patch header and 415 message list both, sorted. */
    static final String ACCEPTED = DRAFT_4 + ", " + DRAFT_10;
    private static final List<String> OPS = List.of("add", "remove", "replace");
    private static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at");
    private static final String RESERVED_NAMESPACE = "os_glance";
    private static final Pattern ADJACENT_SLASHES = Pattern.compile("/\\s*?/");
    private static final Pattern BAD_ESCAPE = Pattern.compile("~[^01]");

    private final Set<String> readOnly;

    JsonPatchReader(Set<String> readOnly) {
        this.readOnly = readOnly;
    }

    /** The dialect a Content-Type names; 415 (with the accepted types) for any other. */
    static boolean isDraft4(String contentType) {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (media.equals(DRAFT_10)) {
            return false;
        }
        if (media.equals(DRAFT_4)) {
            return true;
        }
        throw new ApiException(415, "Image PATCH expects Content-Type one of: " + ACCEPTED);
    }

    List<ImagePatch> read(String body, boolean draft4) {
        if (body == null || body.isEmpty()) {
            throw ApiException.badRequest("Body expected in request.");
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw ApiException.badRequest("Malformed JSON in request body.");
        }
        if (!(parsed instanceof JsonArray operations)) {
            throw ApiException.badRequest("Request body must be a JSON array of operation objects.");
        }
        List<ImagePatch> changes = new ArrayList<>();
        for (Object item : operations) {
            if (!(item instanceof JsonObject operation)) {
                throw ApiException.badRequest("Operations must be JSON objects.");
            }
            changes.add(change(operation, draft4));
        }
        return changes;
    }

    private ImagePatch change(JsonObject operation, boolean draft4) {
        String op = draft4 ? draft4Op(operation) : draft10Op(operation);
        Object rawPath = draft4 ? operation.getValue(op) : operation.getValue("path");
        if (!draft4 && !operation.containsKey("path")) {
            throw ApiException.badRequest("Unable to find 'path' in JSON Schema change");
        }
        String attribute = attribute(rawPath);
        Object value = null;
        if (!op.equals("remove")) {
            if (!operation.containsKey("value")) {
                throw ApiException.badRequest("Operation \"" + op + "\" requires a member named \"value\".");
            }
            value = operation.getValue("value");
            if (value instanceof JsonArray array) {
                value = array.getList(); // the tags, a list for the image service
            }
        }
        if (readOnly.contains(attribute)) {
            throw ApiException.forbidden("Attribute '" + attribute + "' is read-only.");
        }
        if (RESERVED.contains(attribute) || attribute.startsWith(RESERVED_NAMESPACE)) {
            throw ApiException.forbidden("Attribute '" + attribute + "' is reserved.");
        }
        return new ImagePatch(op, "/" + attribute, value);
    }

    private static String draft10Op(JsonObject operation) {
        Object op = operation.getValue("op");
        if (op == null) {
            throw ApiException.badRequest("Unable to find `op` in JSON Schema change. It must be one of the following: "
                    + String.join(", ", OPS) + ".");
        }
        if (!OPS.contains(op)) {
            throw ApiException.badRequest("Invalid operation: `" + op + "`. It must be one of the following: "
                    + String.join(", ", OPS) + ".");
        }
        return (String) op;
    }

    private static String draft4Op(JsonObject operation) {
        List<String> named = OPS.stream().filter(operation::containsKey).toList();
        if (named.size() != 1) {
            throw ApiException.badRequest("Operation objects must contain exactly one member named \"add\", "
                    + "\"remove\", or \"replace\".");
        }
        return named.get(0);
    }

    /**
     * The attribute a pointer names: Glance's limited JSON pointers, one level deep ({@code /name}), {@code ~1} and
     * {@code ~0} escaping {@code /} and {@code ~}.
     */
    private static String attribute(Object rawPath) {
        if (!(rawPath instanceof String pointer)) {
            throw ApiException.badRequest("Pointer `" + rawPath + "` is not a string: a patch path is a JSON pointer "
                    + "such as /name");
        }
        if (!pointer.startsWith("/")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` does not start with \"/\".");
        }
        if (ADJACENT_SLASHES.matcher(pointer.substring(1)).find()) {
            throw ApiException.badRequest("Pointer `" + pointer + "` contains adjacent \"/\".");
        }
        if (pointer.length() > 1 && pointer.endsWith("/")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` end with \"/\".");
        }
        if (pointer.substring(1).strip().isEmpty()) {
            throw ApiException.badRequest("Pointer `" + pointer + "` does not contains valid token.");
        }
        if (BAD_ESCAPE.matcher(pointer).find() || pointer.endsWith("~")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` contains \"~\" not part of a recognized escape "
                    + "sequence.");
        }
        String[] parts = pointer.substring(1).split("/", -1);
        if (parts.length != 1) {
            throw ApiException.badRequest("Invalid JSON pointer for this resource: '" + pointer + "'");
        }
        return parts[0].replace("~1", "/").replace("~0", "~").strip();
    }
}
