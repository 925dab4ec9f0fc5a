package org.novalab.compute.shelve;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.manager.InstanceStore;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.snapshot.ImageUploads;
import org.novalab.compute.snapshot.SnapshotFiles;
import org.novalab.compute.snapshot.SnapshotImage;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code shelve_instance}, {@code shelve_offload_instance} and {@code unshelve_instance} on the host. Shelve:
 * the guest powered off, its disk read out into the shelve image (shelving_image_pending_upload, then
 * shelving_image_uploading), vm_state shelved; with an offload at once, shelving_offloading and the offload. Offload:
 * the driver removes the domain, disk and libvirt secret and keeps the passphrase; vm_state shelved_offloaded.
 * Unshelve: an offloaded server is spawned from the shelve image under its kept passphrase, a shelved one only
 * powered on; the shelve image (with its own key) is deleted then. Each move is guarded as in {@code SnapshotTasks}:
 * a delete meanwhile wins. A failure puts the server back where it was with a fault. The callers hold the
 * instance's lock.
 */
public final class ShelveTasks {
    private static final Logger LOG = LoggerFactory.getLogger(ShelveTasks.class);
    private static final Set<TaskState> SHELVE_STEPS = Set.of(TaskState.SHELVING,
            TaskState.SHELVING_IMAGE_PENDING_UPLOAD, TaskState.SHELVING_IMAGE_UPLOADING, TaskState.SHELVING_OFFLOADING);
    private final VirtDriver driver;
    private final InstanceStore store;
    private final ImageUploads uploads;

    public ShelveTasks(VirtDriver driver, InstanceStore store, ImageUploads uploads) {
        this.driver = driver;
        this.store = store;
        this.uploads = uploads;
    }

    public void shelve(ShelveRequest request) {
        UUID uuid = request.instance().uuid();
        TaskState at = TaskState.SHELVING;
        SnapshotImage image = null;
        try {
            driver.stop(uuid);
            if (!store.advanceTask(uuid, at, TaskState.SHELVING_IMAGE_PENDING_UPLOAD)) {
                abandoned(request.imageId(), uuid, null);
                return;
            }
            at = TaskState.SHELVING_IMAGE_PENDING_UPLOAD;
            image = driver.snapshot(uuid, request.imageId());
            if (!store.advanceTask(uuid, at, TaskState.SHELVING_IMAGE_UPLOADING)) {
                abandoned(request.imageId(), uuid, image);
                return;
            }
            at = TaskState.SHELVING_IMAGE_UPLOADING;
            uploads.upload(request.imageId(), image);
            SnapshotFiles.removeStaged(image.file());
            image = null;
        } catch (RuntimeException e) {
            if (interrupted(uuid, "shelve")) {
                return;
            }
            String why = "Shelve of the server failed: " + messageOf(e);
            LOG.warn("instance {}: {}", uuid, why);
            removeImage(request.imageId(), image);
            restorePower(uuid, request.powerState());
            store.revertTask(uuid, at, request.vmState(), request.powerState(), 500, why);
            return;
        }
        if (!store.completeTask(uuid, at, VmState.SHELVED, PowerState.SHUTDOWN, false)) {
            return;
        }
        LOG.info("instance {} shelved into image {}", uuid, request.imageId());
        // an unshelve that came in meanwhile takes the task first: then the server stays shelved for it
        if (request.offloadNow() && store.advanceTask(uuid, null, TaskState.SHELVING_OFFLOADING)) {
            offload(request.instance());
        }
    }

    /** Nova's {@code _shelve_offload_instance}: the instance is shelved and in task_state shelving_offloading. */
    public void offload(InstanceRef instance) {
        UUID uuid = instance.uuid();
        try {
            driver.shelveOffload(uuid);
            store.completeTask(uuid, TaskState.SHELVING_OFFLOADING, VmState.SHELVED_OFFLOADED, PowerState.SHUTDOWN,
                    false);
            LOG.info("instance {} offloaded", uuid);
        } catch (RuntimeException e) {
            if (interrupted(uuid, "shelve offload")) {
                return;
            }
            String why = "Shelve offload of the server failed: " + messageOf(e);
            LOG.warn("instance {}: {}", uuid, why);
            store.revertTask(uuid, TaskState.SHELVING_OFFLOADING, VmState.SHELVED, PowerState.SHUTDOWN, 500, why);
        }
    }

    /** Nova's {@code unshelve_instance}: the instance is in task_state unshelving. */
    public void unshelve(UnshelveRequest request) {
        UUID uuid = request.spawn().uuid();
        TaskState at = TaskState.UNSHELVING;
        VmState was = request.offloaded() ? VmState.SHELVED_OFFLOADED : VmState.SHELVED;
        try {
            PowerState power;
            if (request.offloaded()) {
                if (!store.advanceTask(uuid, at, TaskState.SPAWNING)) {
                    LOG.info("instance {} is no longer waiting to be unshelved (deleted meanwhile)", uuid);
                    return;
                }
                at = TaskState.SPAWNING;
                SpawnResult result = driver.unshelve(request.spawn());
                result.fault().ifPresent(f -> LOG.warn("instance {} runs but its guest did not boot: {}", uuid, f));
                power = result.state();
                at = settle(uuid, at);
            } else {
                driver.start(uuid);
                power = PowerState.RUNNING;
            }
            if (!store.completeTask(uuid, at, VmState.ACTIVE, power, true)) {
                return;
            }
        } catch (RuntimeException e) {
            if (interrupted(uuid, "unshelve")) {
                return;
            }
            String why = "Unshelve of the server failed: " + messageOf(e);
            LOG.warn("instance {}: {}", uuid, why);
            store.revertTask(uuid, settle(uuid, at), was, PowerState.SHUTDOWN, 500, why);
            return;
        }
        removeImage(request.imageId(), null);
        LOG.info("instance {} unshelved from image {}", uuid, request.imageId());
    }

    /**
     * The unshelve's event is the unshelve's (Nova's {@code compute_unshelve_instance}), not a build's: its last step
     * goes back from spawning to unshelving so the task that ends is the one whose event the API opened.
     */
    private TaskState settle(UUID uuid, TaskState at) {
        if (at == TaskState.SPAWNING && store.advanceTask(uuid, at, TaskState.UNSHELVING)) {
            return TaskState.UNSHELVING;
        }
        return at;
    }

    /** Whether the instance was being shelved, offloaded or unshelved when novalab stopped. */
    public static boolean interruptedBy(InstanceRecord i) {
        Optional<TaskState> task = i.taskState();
        return task.filter(SHELVE_STEPS::contains).isPresent() || task.equals(Optional.of(TaskState.UNSHELVING))
                || task.equals(Optional.of(TaskState.SPAWNING)) && i.vmState() == VmState.SHELVED_OFFLOADED;
    }

    /**
     * After a restart, no task state is left and no key lost: a shelve cut short before its image was uploaded
     * leaves the server as it was (its staged image file goes with the reconcile); an offload cut short is run again
     * whole (the driver's offload is idempotent and keeps the passphrase); an unshelve cut short leaves the server
     * shelved, or offloaded with whatever it had built removed (the passphrase kept), for the next unshelve.
     *
     * @return the vm_state the instance is left in
     */
    public VmState settleAfterRestart(InstanceRecord i) {
        TaskState task = i.taskState().orElseThrow();
        UUID uuid = i.uuid();
        if (task == TaskState.SHELVING_OFFLOADING) {
            LOG.warn("instance {} was being offloaded when novalab stopped: offloading it again", uuid);
            offload(i.ref());
            return VmState.SHELVED_OFFLOADED;
        }
        if (i.vmState() == VmState.SHELVED_OFFLOADED) {
            try {
                driver.shelveOffload(uuid);
            } catch (RuntimeException e) {
                // the start goes on; what is left on the host makes the next unshelve fail with its reason
                LOG.error("instance {}: what its cut-short unshelve built could not be removed: {}", uuid,
                        messageOf(e));
            }
        }
        LOG.warn("instance {} was in {} when novalab stopped: it is {} again", uuid, task.value(), i.vmState().id());
        store.completeTask(uuid, task, i.vmState(), i.vmState() == VmState.SHELVED_OFFLOADED
                || i.vmState() == VmState.SHELVED ? PowerState.SHUTDOWN : i.powerState(), false);
        return i.vmState();
    }

    private void restorePower(UUID uuid, PowerState before) {
        if (before != PowerState.RUNNING) {
            return;
        }
        try {
            driver.start(uuid);
        } catch (RuntimeException e) {
            LOG.warn("instance {} could not be powered on again after its failed shelve: {}", uuid, messageOf(e));
        }
    }

    private void abandoned(String imageId, UUID uuid, SnapshotImage image) {
        LOG.info("instance {} is no longer waiting for its shelve image {} (deleted meanwhile)", uuid, imageId);
        removeImage(imageId, image);
    }

    /** The shelve image goes with its own key (the image service's delete hook forgets it). */
    private void removeImage(String imageId, SnapshotImage image) {
        try {
            uploads.delete(imageId);
        } catch (RuntimeException e) {
            LOG.warn("shelve image {} could not be deleted: {}", imageId, messageOf(e));
        }
        if (image != null) {
            driver.discardSnapshot(image);
        }
    }

    private static boolean interrupted(UUID uuid, String what) {
        if (Thread.currentThread().isInterrupted()) {
            LOG.warn("{} of instance {} interrupted by shutdown; the next start puts it right", what, uuid);
            return true;
        }
        return false;
    }

    private static String messageOf(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
