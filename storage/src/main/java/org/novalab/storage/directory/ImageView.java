package org.novalab.storage.directory;

import java.nio.file.Path;

/**
 * The bytes of an image at one point in time, for reading: its head (objects {@code rbd_data.<id>.<%016x>}) or one
 * of its snapshots (the hidden copies {@code .rbd_data.<id>.<%016x>@<snap id>} the snapshot kept). A clone's view
 * has its parent snapshot's view below it: where the clone has no object, the bytes under {@code overlap} are the
 * parent's. Resolved once when an image is opened, so reads look up no header.
 *
 * @param snapId the snapshot seen, or {@link #HEAD}
 * @param parent the parent snapshot's view, or null
 */
record ImageView(Path dir, String objectPrefix, int order, long size, long snapId, ImageView parent, long overlap) {
    static final long HEAD = -1;

    int objectSize() {
        return 1 << order;
    }

    String objectName(long objectNumber) {
        return String.format("%s.%016x", objectPrefix, objectNumber);
    }

    /** The number of data object {@code object} of the image with that prefix, or -1 for any other object. */
    static long objectNumber(String objectPrefix, String object) {
        int digits = objectPrefix.length() + 1;
        if (object.length() != digits + 16 || !object.startsWith(objectPrefix + ".")) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(object, digits, object.length(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The file holding object {@code objectNumber} as this view sees it (it may not exist). */
    Path objectFile(long objectNumber) {
        String object = objectName(objectNumber);
        return dir.resolve(snapId == HEAD ? object : SnapshotObjects.keptName(object, snapId));
    }

    /** True when bytes at {@code position} may come from the parent (the clone not having written them). */
    boolean readsThrough(long position) {
        return parent != null && position < overlap;
    }
}
