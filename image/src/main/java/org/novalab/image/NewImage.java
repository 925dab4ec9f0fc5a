package org.novalab.image;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /v2/images} asks for. Null fields take Glance's defaults (visibility "shared", not protected,
 * min_disk/min_ram 0, a random id, no tags, not hidden).
 */
public record NewImage(String id, String name, String diskFormat, String containerFormat, Integer minDisk,
                       Integer minRam, String visibility, Boolean isProtected, String owner,
                       Map<String, String> properties, List<String> tags, Boolean hidden) {
    public NewImage(String id, String name, String diskFormat, String containerFormat, Integer minDisk,
                    Integer minRam, String visibility, Boolean isProtected, String owner,
                    Map<String, String> properties, List<String> tags) {
        this(id, name, diskFormat, containerFormat, minDisk, minRam, visibility, isProtected, owner, properties,
                tags, null);
    }

    public NewImage(String id, String name, String diskFormat, String containerFormat, Integer minDisk,
                    Integer minRam, String visibility, Boolean isProtected, String owner,
                    Map<String, String> properties) {
        this(id, name, diskFormat, containerFormat, minDisk, minRam, visibility, isProtected, owner, properties,
                null);
    }

    public static NewImage named(String name, String diskFormat, String containerFormat) {
        return new NewImage(null, name, diskFormat, containerFormat, null, null, null, null, null, Map.of());
    }

    public NewImage withId(String newId) {
        return new NewImage(newId, name, diskFormat, containerFormat, minDisk, minRam, visibility, isProtected,
                owner, properties, tags, hidden);
    }

    public NewImage withVisibility(String newVisibility) {
        return new NewImage(id, name, diskFormat, containerFormat, minDisk, minRam, newVisibility, isProtected,
                owner, properties, tags, hidden);
    }

    public NewImage withOwner(String newOwner) {
        return new NewImage(id, name, diskFormat, containerFormat, minDisk, minRam, visibility, isProtected,
                newOwner, properties, tags, hidden);
    }

    public NewImage withProperties(Map<String, String> newProperties) {
        return new NewImage(id, name, diskFormat, containerFormat, minDisk, minRam, visibility, isProtected,
                owner, newProperties, tags, hidden);
    }

    public NewImage withTags(List<String> newTags) {
        return new NewImage(id, name, diskFormat, containerFormat, minDisk, minRam, visibility, isProtected,
                owner, properties, newTags, hidden);
    }
}
