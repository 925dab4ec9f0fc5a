package org.novalab.image;

import java.util.Set;

/** Glance v2's allowed values and read-only attributes, with the checks create and patch share. */
final class ImageFields {
    static final Set<String> DISK_FORMATS =
            Set.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
    static final Set<String> CONTAINER_FORMATS =
            Set.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
    static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");
    static final Set<String> READ_ONLY = Set.of("id", "status", "size", "virtual_size", "checksum",
            "os_hash_algo", "os_hash_value", "created_at", "updated_at", "file", "self", "schema", "direct_url",
            "locations", "os_hidden_stores");

    private ImageFields() {
    }

    static void checkOneOf(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new InvalidImageChange("invalid " + field + " '" + value + "' (one of " + allowed.stream()
                    .sorted().toList() + ")");
        }
    }

    static int nonNegative(String field, Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new InvalidImageChange(field + " must be >= 0, got " + value);
        }
        return value;
    }
}
