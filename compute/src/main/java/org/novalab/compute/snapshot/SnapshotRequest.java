package org.novalab.compute.snapshot;

import java.util.Optional;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/**
 * What the API casts to a host for a {@code createImage} or {@code createBackup} (Nova's {@code snapshot_instance}
 * and {@code backup_instance}): the instance, the queued image the API made for it, and the states the server was
 * in (they cannot change while the task is taken, and a failed snapshot puts them back, as Nova's
 * {@code reverts_task_state} does).
 *
 * @param task   the task state the API took: {@code image_snapshot_pending} or {@code image_backup}
 * @param backup the backup's type and rotation, for a createBackup
 */
public record SnapshotRequest(InstanceRef instance, String imageId, TaskState task, VmState vmState,
                              PowerState powerState, Optional<Backup> backup) {
    /** Nova's {@code backup_type} and {@code rotation}: how many backups of that type the server keeps. */
    public record Backup(String type, int rotation) {
    }

    public SnapshotRequest {
        if (instance == null || imageId == null || task == null || vmState == null || powerState == null) {
            throw new IllegalArgumentException("a snapshot request needs an instance, an image and its states");
        }
        backup = backup == null ? Optional.empty() : backup;
    }
}
