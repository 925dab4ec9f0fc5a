package org.novalab.storage;

import java.time.Instant;

/**
 * One snapshot of an image, as librbd's {@code list_snaps()}, {@code is_protected_snap()} and
 * {@code get_snap_timestamp()} describe it.
 *
 * @param size the image's size when the snapshot was taken
 * @param isProtected protected snapshots cannot be removed, and only they can be cloned from
 */
public record SnapInfo(long id, String name, long size, Instant timestamp, boolean isProtected) {
}
