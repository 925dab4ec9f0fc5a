package org.novalab.api.volume;

/** Cinder's volume states, those novalab reaches (migration comes later). */
enum VolumeStatus {
    CREATING, AVAILABLE, ATTACHING, IN_USE, DETACHING, EXTENDING, DELETING, ERROR, ERROR_DELETING, ERROR_EXTENDING,
    REVERTING;

    /** Cinder's spelling: {@code in-use} with a hyphen, the others in lower case with underscores. */
    String wire() {
        return this == IN_USE ? "in-use" : name().toLowerCase(java.util.Locale.ROOT);
    }

    static VolumeStatus of(String wire) {
        return valueOf(wire.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
    }

    /** Cinder's volume delete accepts these (and not creating, in-use, deleting, ...). */
    boolean deletable() {
        return this == AVAILABLE || this == ERROR || this == ERROR_EXTENDING;
    }
}
