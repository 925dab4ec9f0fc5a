package org.novalab.api.image;

import java.util.Map;

/** What {@code POST /v2/images} asks for; id may be null (then the store picks one). */
public record NewImageData(String id, String name, String diskFormat, String containerFormat, int minDisk, int minRam,
        String visibility, boolean isProtected, String owner, Map<String, String> properties) {
}
