package org.novalab.storage.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content of {@code rbd_header.<id>} (Ceph keeps it in the object's omap; novalab stores it as JSON, see
 * {@link HeaderCodec}): size, object size, data prefix, the parent snapshot of a clone and the image's snapshots.
 *
 * @param parent the snapshot this image was cloned from, or null
 * @param legacyParent what headers written before snapshots existed said of a clone ("pool/image"): such a clone
 *     is a full copy, every object its own, so it has no parent to read through; kept only to be written back
 * @param snapSeq the last snapshot id handed out
 */
record RbdHeader(long size, int order, String objectPrefix, long features, long createTimestamp,
                 ParentLink parent, String legacyParent, long snapSeq, List<SnapRecord> snapshots) {
    RbdHeader {
        snapshots = List.copyOf(snapshots);
    }

    static RbdHeader create(long size, int order, String objectPrefix, long features, long createTimestamp) {
        return new RbdHeader(size, order, objectPrefix, features, createTimestamp, null, null, 0, List.of());
    }

    RbdHeader withSize(long newSize) {
        return new RbdHeader(newSize, order, objectPrefix, features, createTimestamp, parent, legacyParent, snapSeq,
                snapshots);
    }

    RbdHeader withParent(ParentLink newParent) {
        return new RbdHeader(size, order, objectPrefix, features, createTimestamp, newParent, legacyParent, snapSeq,
                snapshots);
    }

    /** The header with a new snapshot of the image as it is now, and the snapshot's id. */
    RbdHeader withNewSnapshot(String name, long timestamp) {
        List<SnapRecord> more = new ArrayList<>(snapshots);
        long overlap = parent == null ? 0 : parent.overlap();
        more.add(new SnapRecord(snapSeq + 1, name, size, timestamp, false, overlap, List.of()));
        return new RbdHeader(size, order, objectPrefix, features, createTimestamp, parent, legacyParent,
                snapSeq + 1, more);
    }

    RbdHeader withSnapshot(SnapRecord changed) {
        List<SnapRecord> list = snapshots.stream().map(s -> s.id() == changed.id() ? changed : s).toList();
        return new RbdHeader(size, order, objectPrefix, features, createTimestamp, parent, legacyParent, snapSeq,
                list);
    }

    RbdHeader withoutSnapshot(long id) {
        List<SnapRecord> list = snapshots.stream().filter(s -> s.id() != id).toList();
        return new RbdHeader(size, order, objectPrefix, features, createTimestamp, parent, legacyParent, snapSeq,
                list);
    }

    Optional<SnapRecord> snapshot(String name) {
        return snapshots.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    Optional<SnapRecord> snapshot(long id) {
        return snapshots.stream().filter(s -> s.id() == id).findFirst();
    }

    int objectSize() {
        return 1 << order;
    }

    /** The image id: the block name prefix without {@code rbd_data.}. */
    String id() {
        return objectPrefix.substring(objectPrefix.indexOf('.') + 1);
    }

    /**
     * A clone's link to its parent snapshot (Ceph's cls_rbd_parent: pool, image id, snapshot id, overlap).
     *
     * @param overlap how many bytes from the image's start may still read through to the parent
     */
    record ParentLink(String pool, String imageId, long snapId, long overlap) {
        ParentLink withOverlap(long newOverlap) {
            return new ParentLink(pool, imageId, snapId, newOverlap);
        }
    }

    /** A clone made from a snapshot, by pool and image id (what Ceph's children records hold). */
    record ChildLink(String pool, String imageId) {
    }

    /**
     * One snapshot: the image's size, and for a clone its overlap, when it was taken; the clones made from it.
     */
    record SnapRecord(long id, String name, long size, long timestamp, boolean isProtected, long overlap,
                      List<ChildLink> children) {
        SnapRecord {
            children = List.copyOf(children);
        }

        SnapRecord withProtected(boolean value) {
            return new SnapRecord(id, name, size, timestamp, value, overlap, children);
        }

        SnapRecord withChild(ChildLink child) {
            List<ChildLink> more = new ArrayList<>(children);
            more.add(child);
            return new SnapRecord(id, name, size, timestamp, isProtected, overlap, more);
        }

        SnapRecord withoutChild(ChildLink child) {
            return new SnapRecord(id, name, size, timestamp, isProtected, overlap,
                    children.stream().filter(c -> !c.equals(child)).toList());
        }
    }
}
