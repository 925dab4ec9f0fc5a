package org.novalab.api.volume;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.JsonBody;

/** Reading Cinder's request bodies: what each field may be, every refusal a 400 in Cinder's words. */
final class VolumeRequests {
    static final Set<String> CREATE_FIELDS = Set.of("name", "display_name", "description",
            "display_description", "size", "volume_type", "imageRef", "image_id", "metadata", "availability_zone",
            "snapshot_id", "source_volid", "consistencygroup_id", "multiattach", "backup_id", "group_id");
    /** What later steps bring; refused now, with the reason, rather than ignored. */
    private static final Map<String, String> NOT_YET = Map.of(
            "backup_id", "volumes from a backup",
            "group_id", "volumes in a group",
            "consistencygroup_id", "volumes in a consistency group");

    private VolumeRequests() {
    }

    static VolumeRequest create(JsonObject body) {
        JsonObject v = JsonBody.requireObject(body, "volume");
        JsonBody.allowOnly(v, CREATE_FIELDS, "volume");
        NOT_YET.forEach((field, what) -> {
            if (v.getValue(field) != null) {
                throw ApiException.badRequest("Invalid input received: novalab does not make " + what + " yet ("
                        + field + "); volumes are blank, from an image, a snapshot or another volume");
            }
        });
        if (Boolean.TRUE.equals(v.getValue("multiattach"))) {
            throw ApiException.badRequest("Invalid input received: multiattach volumes are not supported");
        }
        String az = text(v, "availability_zone");
        if (az != null && !az.equals("nova")) {
            throw ApiException.badRequest("Invalid input received: Availability zone '" + az + "' is invalid.");
        }
        String name = firstOf(text(v, "name"), text(v, "display_name"));
        String description = firstOf(text(v, "description"), text(v, "display_description"));
        String image = firstOf(text(v, "imageRef"), text(v, "image_id"));
        String snapshot = text(v, "snapshot_id");
        String source = text(v, "source_volid");
        if ((image != null ? 1 : 0) + (snapshot != null ? 1 : 0) + (source != null ? 1 : 0) > 1) {
            throw ApiException.badRequest("Invalid input received: only one of snapshot_id, source_volid and "
                    + "imageRef may be given");
        }
        // a clone may leave the size out: it is the source's (Cinder's rule)
        Integer size = v.getValue("size") == null && (snapshot != null || source != null) ? null
                : size(v.getValue("size"), "size");
        return new VolumeRequest(name == null ? null : name.strip(), description, size, text(v, "volume_type"),
                image, metadata(v, "metadata"), snapshot, source);
    }

    /** Cinder's volume size: an integer (or a string of one) of at least 1 GiB. */
    static int size(Object value, String field) {
        if (value == null) {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: None. None is "
                    + "not of type 'integer', 'string'");
        }
        int size;
        if (value instanceof Integer i) {
            size = i;
        } else if (value instanceof String s && s.strip().matches("-?\\d{1,9}")) {
            size = Integer.parseInt(s.strip());
        } else {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + value
                    + ". " + value + " is not a valid integer");
        }
        if (size < 1) {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + size + ". "
                    + size + " is less than the minimum of 1");
        }
        if (size > Volumes.MAX_SIZE_GB) {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + size + ". "
                    + size + " is greater than novalab's largest volume, " + Volumes.MAX_SIZE_GB + " GiB");
        }
        return size;
    }

    static String text(JsonObject o, String field) {
        return JsonBody.optionalString(o, field, 255);
    }

    /** Metadata and extra specs: string keys of 1 to 255 characters, values strings (numbers as Cinder stringifies). */
    static Map<String, String> metadata(JsonObject o, String field) {
        JsonObject m = JsonBody.optionalObject(o, field);
        return m == null ? Map.of() : strings(m, field);
    }

    static Map<String, String> strings(JsonObject m, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : m.fieldNames()) {
            Object value = m.getValue(key);
            if (key.isEmpty() || key.length() > 255) {
                throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Keys must be 1 to "
                        + "255 characters");
            }
            if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
                throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value of " + key
                        + " must be a string");
            }
            String text = String.valueOf(value);
            if (text.length() > 255 || text.indexOf('\0') >= 0 || key.indexOf('\0') >= 0) {
                throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value of " + key
                        + " is too long or holds a NUL character");
            }
            out.put(key, text);
        }
        return out;
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}
