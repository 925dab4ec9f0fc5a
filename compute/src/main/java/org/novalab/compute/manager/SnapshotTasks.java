package org.novalab.compute.manager;

import java.util.UUID;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.snapshot.ImageUploads;
import org.novalab.compute.snapshot.SnapshotFiles;
import org.novalab.compute.snapshot.SnapshotImage;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.compute.state.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code _snapshot_instance} on the host: the task state moves from the API's image_snapshot_pending to
 * image_snapshot (a backup keeps image_backup), then image_pending_upload while the driver reads the disk out,
 * image_uploading while the image service takes the data, then none; a backup's old images are rotated out after.
 * Each move is guarded: a delete meanwhile wins, and the image goes. A failure leaves the server as it was (task
 * state reverted, a fault recorded, the event failed) and deletes the image and its key, as Nova's
 * {@code delete_image_on_error} does. The callers hold the instance's lock.
 */
final class SnapshotTasks {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTasks.class);
    private final VirtDriver driver;
    private final InstanceStore store;
    private final ImageUploads uploads;

    SnapshotTasks(VirtDriver driver, InstanceStore store, ImageUploads uploads) {
        this.driver = driver;
        this.store = store;
        this.uploads = uploads;
    }

    void run(SnapshotRequest request) {
        UUID uuid = request.instance().uuid();
        boolean backup = request.task() == TaskState.IMAGE_BACKUP;
        TaskState at = request.task();
        if (!backup) {
            if (!store.advanceTask(uuid, TaskState.IMAGE_SNAPSHOT_PENDING, TaskState.IMAGE_SNAPSHOT)) {
                abandoned(request, null);
                return;
            }
            at = TaskState.IMAGE_SNAPSHOT;
        }
        SnapshotImage image = null;
        try {
            if (!store.advanceTask(uuid, at, TaskState.IMAGE_PENDING_UPLOAD)) {
                abandoned(request, null);
                return;
            }
            at = TaskState.IMAGE_PENDING_UPLOAD;
            image = driver.snapshot(uuid, request.imageId());
            if (!store.advanceTask(uuid, at, TaskState.IMAGE_UPLOADING)) {
                abandoned(request, image);
                return;
            }
            at = TaskState.IMAGE_UPLOADING;
            uploads.upload(request.imageId(), image);
            SnapshotFiles.removeStaged(image.file());
            image = null;
            at = settle(uuid, at, backup);
            store.completeTask(uuid, at, request.vmState(), request.powerState(), false);
            LOG.info("instance {}: {} {} uploaded", uuid, backup ? "backup" : "snapshot", request.imageId());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.warn("snapshot of instance {} interrupted by shutdown; the next start puts it right", uuid);
                return;
            }
            String why = "Snapshot of the server failed: " + messageOf(e);
            LOG.warn("instance {}: {}", uuid, why);
            removeImage(request, image);
            store.revertTask(uuid, settle(uuid, at, backup), request.vmState(), request.powerState(), 500, why);
            return;
        }
        request.backup().ifPresent(b -> {
            int rotated = uploads.rotateBackups(uuid, b.type(), b.rotation());
            LOG.info("instance {}: {} old {} backups rotated out (rotation {})", uuid, rotated, b.type(), b.rotation());
        });
    }

    /**
     * A backup's event is the backup's (Nova's {@code backup_instance}): its last step goes back to image_backup
     * so the task that ends is the one whose event the API opened.
     */
    private TaskState settle(UUID uuid, TaskState at, boolean backup) {
        if (backup && at != TaskState.IMAGE_BACKUP && store.advanceTask(uuid, at, TaskState.IMAGE_BACKUP)) {
            return TaskState.IMAGE_BACKUP;
        }
        return at;
    }

    private void abandoned(SnapshotRequest request, SnapshotImage image) {
        LOG.info("instance {} is no longer waiting for its snapshot {} (deleted meanwhile)", request.instance().uuid(),
                request.imageId());
        removeImage(request, image);
    }

    private void removeImage(SnapshotRequest request, SnapshotImage image) {
        try {
            uploads.delete(request.imageId());
        } catch (RuntimeException e) {
            LOG.warn("image {} of a failed snapshot could not be deleted: {}", request.imageId(), messageOf(e));
        }
        if (image != null) {
            driver.discardSnapshot(image);
        }
    }

    private static String messageOf(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
