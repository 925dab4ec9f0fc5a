package org.novalab.compute.state;

/**
 * Nova's task states ({@code nova.compute.task_states}): the action an instance is in the middle of. At most one
 * at a time: an action starts only by setting it where it was unset (a compare-and-set in the instances table),
 * so two requests, threads or processes never run two actions on one instance.
 */
public enum TaskState {
    SCHEDULING("scheduling"), SPAWNING("spawning"), POWERING_OFF("powering-off"), POWERING_ON("powering-on"),
    REBOOTING("rebooting"),
    /** A hard reboot (Nova's {@code rebooting_hard}): it also starts from stopped, paused, suspended and error. */
    REBOOTING_HARD("rebooting_hard"), DELETING("deleting"),
    /** A rebuild's three steps, as Nova names them: taken by the API, then the host's own two. */
    REBUILDING("rebuilding"), REBUILD_BLOCK_DEVICE_MAPPING("rebuild_block_device_mapping"),
    REBUILD_SPAWNING("rebuild_spawning"),
    /** A delete that keeps the server restorable ({@code reclaim_instance_interval}), and its undoing. */
    SOFT_DELETING("soft-deleting"), RESTORING("restoring"),
    /** Pause and suspend, and their undoing. */
    PAUSING("pausing"), UNPAUSING("unpausing"), SUSPENDING("suspending"), RESUMING("resuming"),
    /** Rescue and its undoing, and a change of the guest's administrator password (Nova's names). */
    RESCUING("rescuing"), UNRESCUING("unrescuing"), UPDATING_PASSWORD("updating_password"),
    /**
     * createImage and createBackup: the API takes image_snapshot_pending (or image_backup), the host moves on to
     * image_snapshot, then the driver's image_pending_upload and image_uploading.
     */
    IMAGE_SNAPSHOT_PENDING("image_snapshot_pending"), IMAGE_SNAPSHOT("image_snapshot"), IMAGE_BACKUP("image_backup"),
    IMAGE_PENDING_UPLOAD("image_pending_upload"), IMAGE_UPLOADING("image_uploading"),
    /** A resize's steps on one host (Nova's names: status RESIZE), and its revert (status REVERT_RESIZE). */
    RESIZE_PREP("resize_prep"), RESIZE_MIGRATING("resize_migrating"), RESIZE_MIGRATED("resize_migrated"),
    RESIZE_FINISH("resize_finish"), RESIZE_REVERTING("resize_reverting"),
    /** A live migration, from the API's acceptance to the server running on its new host (status MIGRATING). */
    MIGRATING("migrating"),
    /**
     * shelve: the API takes shelving, the host moves to the snapshot's two steps, then (offloading at once or by
     * shelveOffload) shelving_offloading; unshelve takes unshelving, then spawning when the server is rebuilt.
     */
    SHELVING("shelving"), SHELVING_IMAGE_PENDING_UPLOAD("shelving_image_pending_upload"),
    SHELVING_IMAGE_UPLOADING("shelving_image_uploading"), SHELVING_OFFLOADING("shelving_offloading"),
    UNSHELVING("unshelving");

    private final String value;

    TaskState(String value) {
        this.value = value;
    }

    /** Nova's spelling, as the API shows it in {@code OS-EXT-STS:task_state} and the table keeps it. */
    public String value() {
        return value;
    }

    public static TaskState of(String value) {
        for (TaskState t : values()) {
            if (t.value.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task_state " + value);
    }

    /** Whether this is one of the rebuild's steps (Nova shows all three as status REBUILD). */
    public boolean rebuilding() {
        return this == REBUILDING || this == REBUILD_BLOCK_DEVICE_MAPPING || this == REBUILD_SPAWNING;
    }

    /** Whether this is one of the resize's steps before it waits for its confirmation (status RESIZE). */
    public boolean resizing() {
        return this == RESIZE_PREP || this == RESIZE_MIGRATING || this == RESIZE_MIGRATED || this == RESIZE_FINISH;
    }

    @Override
    public String toString() {
        return value;
    }
}
