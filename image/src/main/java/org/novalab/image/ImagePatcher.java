package org.novalab.image;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies a Glance v2 JSON patch to a record: all operations or none (the first bad one throws). */
final class ImagePatcher {
    private ImagePatcher() {
    }

    static ImageRecord apply(ImageRecord r, List<ImagePatch> changes, Instant now) {
        String name = r.name();
        String visibility = r.visibility();
        String diskFormat = r.diskFormat();
        String containerFormat = r.containerFormat();
        String owner = r.owner();
        int minDisk = r.minDisk();
        int minRam = r.minRam();
        boolean isProtected = r.isProtected();
        boolean hidden = r.hidden();
        Map<String, String> properties = new HashMap<>(r.properties());
        java.util.SortedSet<String> tags = r.tags();
        for (ImagePatch change : changes) {
            String op = change.op() == null ? "" : change.op();
            if (!Set.of("add", "replace", "remove").contains(op)) {
                throw new InvalidImageChange("unsupported patch op '" + op + "' (add, replace, remove)");
            }
            if (change.path() == null || !change.path().startsWith("/") || change.path().length() < 2) {
                throw new InvalidImageChange("invalid patch path '" + change.path() + "'");
            }
            String key = change.path().substring(1);
            Object value = change.value();
            if (ImageFields.READ_ONLY.contains(key)) {
                throw new InvalidImageChange("attribute '" + key + "' is read-only");
            }
            boolean remove = op.equals("remove");
            switch (key) {
                case "name" -> name = remove ? null : ImageFields.checkName(text(key, value));
                case "visibility" -> {
                    visibility = requireValue(key, remove, text(key, value));
                    ImageFields.checkOneOf(key, visibility, ImageFields.VISIBILITIES);
                }
                case "owner" -> owner = remove ? null : ImageFields.checkText(key, text(key, value), 255);
                case "tags" -> {
                    if (remove || !(value instanceof List<?> list)) {
                        throw new InvalidImageChange("Provided object does not match schema 'image': tags must be "
                                + "an array of strings");
                    }
                    tags = ImageFields.checkTags(r.id(), list);
                }
                case "min_disk" -> minDisk = requireValue(key, remove, remove ? null : integer(key, value));
                case "min_ram" -> minRam = requireValue(key, remove, remove ? null : integer(key, value));
                case "protected" -> isProtected = requireValue(key, remove, remove ? null : bool(key, value));
                case "os_hidden" -> hidden = requireValue(key, remove, remove ? null : bool(key, value));
                case "disk_format", "container_format" -> {
                    if (r.status() != ImageStatus.QUEUED) {
                        throw new InvalidImageChange("attribute '" + key + "' can only be changed while queued");
                    }
                    String v = remove ? null : text(key, value);
                    if (key.equals("disk_format")) {
                        ImageFields.checkOneOf(key, v, ImageFields.DISK_FORMATS);
                        diskFormat = v;
                    } else {
                        ImageFields.checkOneOf(key, v, ImageFields.CONTAINER_FORMATS);
                        containerFormat = v;
                    }
                }
                default -> {
                    if (remove) {
                        if (properties.remove(key) == null) {
                            throw new InvalidImageChange("property '" + key + "' does not exist");
                        }
                    } else {
                        properties.put(key, ImageFields.checkProperty(key, value));
                    }
                }
            }
        }
        return new ImageRecord(r.id(), name, r.status(), diskFormat, containerFormat, r.size(), r.virtualSize(),
                r.checksum(), r.osHashAlgo(), r.osHashValue(), minDisk, minRam, visibility, isProtected, owner,
                r.createdAt(), now, properties, tags, hidden);
    }

    private static <T> T requireValue(String key, boolean remove, T value) {
        if (remove || value == null) {
            throw new InvalidImageChange("attribute '" + key + "' cannot be removed");
        }
        return value;
    }

    private static String text(String key, Object value) {
        if (value != null && !(value instanceof String)) {
            throw new InvalidImageChange("attribute '" + key + "' must be a string");
        }
        return (String) value;
    }

    private static Integer integer(String key, Object value) {
        if (value instanceof Number n && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new InvalidImageChange("attribute '" + key + "' must be a non-negative integer");
    }

    private static Boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InvalidImageChange("attribute '" + key + "' must be true or false");
    }
}
