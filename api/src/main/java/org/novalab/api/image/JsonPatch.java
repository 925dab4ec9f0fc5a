package org.novalab.api.image;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.novalab.api.http.ApiException;

/** Glance's {@code application/openstack-images-v2.1-json-patch}: add/replace/remove on top-level attributes. */
final class JsonPatch {
    private JsonPatch() {
    }

    static ImageUpdate toUpdate(JsonArray ops, Set<String> readOnly) {
        String name = null;
        String visibility = null;
        Integer minDisk = null;
        Integer minRam = null;
        Boolean isProtected = null;
        String diskFormat = null;
        String containerFormat = null;
        Map<String, String> set = new HashMap<>();
        Set<String> remove = new HashSet<>();
        for (Object item : ops) {
            if (!(item instanceof JsonObject op)) {
                throw ApiException.badRequest("Each JSON patch operation must be an object");
            }
            String kind = op.getValue("op") instanceof String s ? s : null;
            String path = op.getValue("path") instanceof String p ? p : null;
            if (kind == null || path == null || !path.startsWith("/") || path.indexOf('/', 1) >= 0) {
                throw ApiException.badRequest("Each operation needs 'op' and a top-level 'path' like /name");
            }
            String attr = path.substring(1);
            if (readOnly.contains(attr) || attr.equals("id")) {
                throw ApiException.forbidden("Attribute '" + attr + "' is read-only.");
            }
            Object value = op.getValue("value");
            switch (kind) {
                case "add", "replace" -> {
                    if (!op.containsKey("value")) {
                        throw ApiException.badRequest("Operation '" + kind + "' needs a 'value'");
                    }
                    switch (attr) {
                        case "name" -> name = string(attr, value);
                        case "visibility" -> visibility = string(attr, value);
                        case "disk_format" -> diskFormat = string(attr, value);
                        case "container_format" -> containerFormat = string(attr, value);
                        case "min_disk" -> minDisk = integer(attr, value);
                        case "min_ram" -> minRam = integer(attr, value);
                        case "protected" -> {
                            if (!(value instanceof Boolean b)) {
                                throw ApiException.badRequest("Invalid value for protected: must be a boolean");
                            }
                            isProtected = b;
                        }
                        default -> {
                            set.put(attr, string(attr, value));
                            remove.remove(attr);
                        }
                    }
                }
                case "remove" -> {
                    if (Set.of("name", "visibility", "disk_format", "container_format", "min_disk", "min_ram",
                            "protected").contains(attr)) {
                        throw ApiException.forbidden("Attribute '" + attr + "' cannot be removed.");
                    }
                    remove.add(attr);
                    set.remove(attr);
                }
                default -> throw ApiException.badRequest("Unsupported JSON patch operation '" + kind + "'");
            }
        }
        return new ImageUpdate(name, visibility, minDisk, minRam, isProtected, diskFormat, containerFormat, set, remove);
    }

    private static String string(String attr, Object value) {
        if (!(value instanceof String s)) {
            throw ApiException.badRequest("Invalid value for " + attr + ": must be a string");
        }
        return s;
    }

    private static int integer(String attr, Object value) {
        if (!(value instanceof Integer i) || i < 0) {
            throw ApiException.badRequest("Invalid value for " + attr + ": must be an integer >= 0");
        }
        return i;
    }
}
