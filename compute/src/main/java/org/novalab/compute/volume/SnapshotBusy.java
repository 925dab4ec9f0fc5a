package org.novalab.compute.volume;

/** Cinder's SnapshotIsBusy: volumes are cloned from the snapshot, so it cannot go yet. */
public final class SnapshotBusy extends VolumeBackendException {
    public SnapshotBusy(String message) {
        super(message);
    }
}
