package org.novalab.api.image;

import java.util.Map;
import java.util.Set;

/** A JSON-patch turned into field changes; null means "unchanged". */
public record ImageUpdate(String name, String visibility, Integer minDisk, Integer minRam, Boolean isProtected,
        String diskFormat, String containerFormat, Map<String, String> setProperties, Set<String> removeProperties) {
}
