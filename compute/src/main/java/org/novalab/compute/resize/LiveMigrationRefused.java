package org.novalab.compute.resize;

import org.novalab.compute.ComputeException;

/**
 * Nova's {@code MigrationPreCheckError}: the server cannot be live-migrated as it is (a QEMU guest, a volume
 * attached, a guest that does not run). Raised before anything is touched: the server stays as it was.
 */
public final class LiveMigrationRefused extends ComputeException {
    public LiveMigrationRefused(String reason) {
        super("Migration pre-check error: " + reason);
    }
}
