package org.novalab.compute.snapshot;

import org.novalab.compute.ComputeException;

/** A snapshot that could not be taken or uploaded; the message says why (never a passphrase). */
public final class SnapshotFailed extends ComputeException {
    public SnapshotFailed(String message) {
        super(message);
    }

    public SnapshotFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
