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

    /** The image_properties table's columns: a longer name or value could not be stored. */
    static final int MAX_PROPERTY_NAME = 255;
    static final int MAX_PROPERTY_VALUE = 4096;
    static final int MAX_NAME = 255;
    static final int MAX_TAG = 255;
    /** Glance's image_tag_quota. */
    static final int MAX_TAGS = 128;
    /** PostgreSQL, one of the repositories' databases, can neither store nor search for U+0000. */
    private static final String NUL = "holds a NUL character (U+0000), which the image database cannot store";

    private ImageFields() {
    }

    /** An extra property is a string (Glance's schema: additional properties are strings) that fits its column. */
    static String checkProperty(String key, Object value) {
        if (key.indexOf('\0') >= 0 || value instanceof String text && text.indexOf('\0') >= 0) {
            throw new InvalidImageChange("property '" + key.replace("\0", "\\0") + "' " + NUL);
        }
        if (key.length() > MAX_PROPERTY_NAME) {
            throw new InvalidImageChange("property name '" + key.substring(0, 40) + "...' is longer than "
                    + MAX_PROPERTY_NAME + " characters");
        }
        if (!(value instanceof String text)) {
            throw new InvalidImageChange("property '" + key + "' must be a string, not "
                    + (value == null ? "null" : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        }
        if (text.length() > MAX_PROPERTY_VALUE) {
            throw new InvalidImageChange("property '" + key + "' is longer than " + MAX_PROPERTY_VALUE + " characters");
        }
        return text;
    }

    /** A tag: a string of at most 255 characters (Glance's schema), without NUL. */
    static String checkTag(Object tag) {
        if (!(tag instanceof String text)) {
            throw new InvalidImageChange("Invalid tag " + tag + ": tags are strings");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidImageChange("tag " + NUL);
        }
        if (text.length() > MAX_TAG) {
            throw new InvalidImageChange("Provided object does not match schema 'image': '" + text.substring(0, 40)
                    + "...' is too long: a tag is at most " + MAX_TAG + " characters");
        }
        return text;
    }

    /** Tags for an image: each checked, duplicates folded, at most {@value #MAX_TAGS}. */
    static java.util.SortedSet<String> checkTags(String imageId, java.util.Collection<?> tags) {
        java.util.SortedSet<String> set = new java.util.TreeSet<>();
        for (Object tag : tags) {
            set.add(checkTag(tag));
        }
        if (set.size() > MAX_TAGS) {
            throw new ImageLimitExceeded("Image tag limit exceeded for image " + imageId + ": attempted: "
                    + set.size() + ", maximum: " + MAX_TAGS);
        }
        return set;
    }

    /** Free text of a bounded length that the database can store. */
    static String checkText(String field, String value, int max) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidImageChange(field + " " + NUL);
        }
        if (value != null && value.length() > max) {
            throw new InvalidImageChange(field + " is longer than " + max + " characters");
        }
        return value;
    }

    static String checkName(String name) {
        if (name != null && name.indexOf('\0') >= 0) {
            throw new InvalidImageChange("name " + NUL);
        }
        if (name != null && name.length() > MAX_NAME) {
            throw new InvalidImageChange("name is longer than " + MAX_NAME + " characters");
        }
        return name;
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
