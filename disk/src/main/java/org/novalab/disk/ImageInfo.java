package org.novalab.disk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code qemu-img info} reports for one file.
 *
 * @param formatSpecific qcow2's "Format specific information" (compat, lazy refcounts, encrypt ...) in
 *                       qemu-img's JSON shape and order
 */
public record ImageInfo(String filename, ImageFormat format, long virtualSize, long actualSize, boolean encrypted,
                        Integer clusterSize, String backingFilename, String fullBackingFilename,
                        ImageFormat backingFormat, boolean dirty, LinkedHashMap<String, Object> formatSpecific) {
    public Map<String, Object> formatSpecificView() {
        return java.util.Collections.unmodifiableMap(formatSpecific);
    }
}
