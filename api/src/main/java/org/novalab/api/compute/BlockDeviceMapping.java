package org.novalab.api.compute;

import static org.novalab.api.compute.NovaSchema.invalid;
import static org.novalab.api.compute.NovaSchema.repr;
import static org.novalab.api.compute.NovaSchema.string;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.novalab.api.http.ApiException;

/**
 * The one {@code block_device_mapping_v2} entry novalab supports: boot from image onto a new volume (Nova's Rbd
 * backend). Each entry is first checked against Nova's schema for the microversion, then against what novalab
 * can build.
 *
 * @param imageRef the image the volume is made from
 * @param sizeGb   the volume's size
 */
record BlockDeviceMapping(String imageRef, int sizeGb) {
    private static final Set<String> FIELDS = Set.of("boot_index", "uuid", "source_type", "destination_type",
            "volume_size", "delete_on_termination", "device_name", "disk_bus", "device_type");
    private static final Pattern UUID_FIELD = Pattern.compile("[a-zA-Z0-9._-]*");
    private static final Pattern DEVICE_NAME = Pattern.compile("[a-zA-Z0-9._/-]*");
    private static final Pattern BOOT_INDEX = Pattern.compile("-?[0-9]+");
    private static final Pattern TAG = Pattern.compile("[^,/]*");
    /** Nova's {@code MAX_TAG_LENGTH}. */
    private static final int TAG_LENGTH = 60;

    /** @return the mapping, or null when the list is empty (an image boot, then) */
    static BlockDeviceMapping parse(Object value, Microversion version) {
        JsonArray entries = NovaSchema.array(value, "block_device_mapping_v2");
        Set<String> fields = new HashSet<>(FIELDS);
        if (version.minor() == 32 || version.atLeast(42)) {
            fields.add("tag");
        }
        if (version.atLeast(67)) {
            fields.add("volume_type");
        }
        for (Object entry : entries) {
            checkSchema(NovaSchema.object(entry, "block_device_mapping_v2"), fields);
        }
        if (entries.isEmpty()) {
            return null;
        }
        JsonObject bdm = entries.getJsonObject(0);
        if (entries.size() != 1 || !"image".equals(bdm.getValue("source_type"))
                || !"volume".equals(bdm.getValue("destination_type"))) {
            throw ApiException.badRequest("novalab supports exactly one block_device_mapping_v2 entry, with source_type "
                    + "'image' and destination_type 'volume' (boot from image, create new volume)");
        }
        Object bootIndex = bdm.getValue("boot_index");
        if (bootIndex != null && new java.math.BigInteger(bootIndex.toString()).signum() != 0) {
            throw ApiException.badRequest("The block device mapping must be the boot device (boot_index 0)");
        }
        if (bdm.getValue("uuid") == null) {
            throw ApiException.badRequest("The block device mapping needs the uuid of the image to copy");
        }
        if (!bdm.containsKey("volume_size")) {
            throw ApiException.badRequest("Invalid input for field 'volume_size': a size of at least 1 GB is required");
        }
        return new BlockDeviceMapping(bdm.getString("uuid"), (int) NovaSchema.integer(bdm.getValue("volume_size"),
                "volume_size", 1, Integer.MAX_VALUE));
    }

    private static void checkSchema(JsonObject bdm, Set<String> fields) {
        NovaSchema.allowOnly(bdm, fields, "block_device_mapping_v2");
        for (String field : bdm.fieldNames()) {
            Object v = bdm.getValue(field);
            switch (field) {
                case "boot_index" -> {
                    if (v != null && !(v instanceof Integer || v instanceof Long)) {
                        if (!(v instanceof String s)) {
                            throw invalid(field, v, NovaSchema.notOfType(v, "integer", "string", "null"));
                        }
                        matches(field, s, BOOT_INDEX);
                    }
                }
                case "uuid" -> matches(field, string(v, field, 1, 255), UUID_FIELD);
                case "source_type" -> NovaSchema.oneOf(v, field, List.of("volume", "image", "snapshot", "blank"));
                case "destination_type" -> NovaSchema.oneOf(v, field, List.of("local", "volume"));
                case "volume_size" -> NovaSchema.integer(v, field, 1, Integer.MAX_VALUE);
                case "delete_on_termination" -> NovaSchema.bool(v, field);
                case "device_name" -> matches(field, string(v, field, 1, 255), DEVICE_NAME);
                case "disk_bus", "device_type" -> string(v, field, 0, 255);
                case "volume_type" -> {
                    if (v != null) {
                        string(v, field, 0, 255);
                    }
                }
                case "tag" -> matches(field, string(v, field, 1, TAG_LENGTH), TAG);
                default -> {
                    // the other fields allowOnly admitted have no check of their own
                }
            }
        }
    }

    private static void matches(String field, String value, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            throw invalid(field, value, repr(value) + " does not match '^" + pattern.pattern() + "$'");
        }
    }
}
