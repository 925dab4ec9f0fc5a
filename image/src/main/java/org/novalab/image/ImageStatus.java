package org.novalab.image;

import java.util.Locale;

/** Glance v2 image states, rendered in lower case like Glance. */
public enum ImageStatus {
    QUEUED, SAVING, ACTIVE, KILLED, DELETED;

    public String glanceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageStatus fromGlanceName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
