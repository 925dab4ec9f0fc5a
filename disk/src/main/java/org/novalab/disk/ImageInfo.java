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
    /**
     * The same information under another name for the file (as a user typed it, relative to their working
     * directory): qemu-img prints the name as given and combines the backing file's name with it.
     */
    public ImageInfo withFilename(String name) {
        String full = null;
        if (backingFilename != null) {
            int slash = name.lastIndexOf('/');
            full = backingFilename.startsWith("/") || slash < 0 ? backingFilename
                    : name.substring(0, slash + 1) + backingFilename;
        }
        return new ImageInfo(name, format, virtualSize, actualSize, encrypted, clusterSize, backingFilename, full,
                backingFormat, dirty, formatSpecific);
    }

    public Map<String, Object> formatSpecificView() {
        return java.util.Collections.unmodifiableMap(formatSpecific);
    }
}
