package org.novalab.api.volume;

/** Cinder's snapshot states that novalab reaches ({@code restoring} while a volume reverts to it). */
enum SnapshotStatus {
    CREATING, AVAILABLE, DELETING, ERROR, ERROR_DELETING, RESTORING;

    String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static SnapshotStatus of(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    /** Cinder's snapshot delete accepts these (without force). */
    boolean deletable() {
        return this == AVAILABLE || this == ERROR;
    }
}
