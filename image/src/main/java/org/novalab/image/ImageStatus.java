package org.novalab.image;

import java.util.Locale;

/**
 * Glance v2 image states, rendered in lower case like Glance: {@code uploading} while (and after) data is staged for
 * an import, {@code importing} while the import moves it into the store, {@code deactivated} for an active image
 * whose data may not be downloaded but by an admin.
 */
public enum ImageStatus {
    QUEUED, SAVING, ACTIVE, KILLED, DELETED, UPLOADING, IMPORTING, DEACTIVATED;

    public String glanceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageStatus fromGlanceName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
