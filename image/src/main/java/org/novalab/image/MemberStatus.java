package org.novalab.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an image member stands, in Glance's lower-case words. */
public enum MemberStatus {
    PENDING, ACCEPTED, REJECTED;

    public String glanceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status Glance calls {@code name}, if it is one. */
    public static Optional<MemberStatus> fromGlanceName(String name) {
        return Arrays.stream(values()).filter(s -> s.glanceName().equals(name)).findFirst();
    }
}
