package org.novalab.api.volume;

/** Cinder's volume states, those this step reaches (attach, snapshots and migration come later). */
enum VolumeStatus {
    CREATING, AVAILABLE, EXTENDING, DELETING, ERROR, ERROR_DELETING, ERROR_EXTENDING;

    String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static VolumeStatus of(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    /** Cinder's volume delete accepts these (and not creating, in-use, deleting, ...). */
    boolean deletable() {
        return this == AVAILABLE || this == ERROR || this == ERROR_EXTENDING;
    }
}
