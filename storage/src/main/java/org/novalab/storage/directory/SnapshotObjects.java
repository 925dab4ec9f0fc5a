package org.novalab.storage.directory;

/**
 * How a snapshot keeps its data: when it is taken, each data object the image has gets a second, hidden name
 * {@code .<object>@<snap id>} (a hard link). The head's objects are only ever replaced by rename or removed, so the
 * hidden name keeps the bytes the object had, as Ceph keeps snapshot clones of objects beside the head object
 * (and, as there, {@code rados ls} does not list them). An object the image did not have stays absent.
 */
final class SnapshotObjects {
    private SnapshotObjects() {
    }

    static String keptName(String object, long snapId) {
        return "." + object + "@" + snapId;
    }

    /** Keeps every data object of the image below {@code objectCount} for snapshot {@code snapId}. */
    static void keep(ObjectFiles files, String objectPrefix, long objectCount, long snapId) {
        for (String object : files.list()) {
            long number = ImageView.objectNumber(objectPrefix, object);
            if (number >= 0 && number < objectCount) {
                files.keepAs(object, keptName(object, snapId));
            }
        }
    }

    /** Drops what snapshot {@code snapId} kept. */
    static void drop(ObjectFiles files, String objectPrefix, long snapId) {
        String start = "." + objectPrefix + ".";
        String end = "@" + snapId;
        for (String hidden : files.listHidden()) {
            if (hidden.startsWith(start) && hidden.endsWith(end)) {
                files.removeHidden(hidden);
            }
        }
    }
}
