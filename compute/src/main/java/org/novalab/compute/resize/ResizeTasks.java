package org.novalab.compute.resize;

import java.util.Optional;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resize part of one compute host's manager (Nova's {@code prep_resize}, {@code resize_instance},
 * {@code finish_resize}, {@code confirm_resize}, {@code revert_resize} and {@code finish_revert_resize}, all on the
 * same host): runs each on the driver and records its outcome, with the migration's status, in the
 * {@link ResizeStore}. The caller holds the instance's lock.
 */
public final class ResizeTasks {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeTasks.class);
    /** The fault of a resize a restart cut short (it was undone: the server has its old disk and flavor). */
    public static final String RESTARTED_DURING_RESIZE =
            "novalab restarted during the resize; it was undone, resize this server again";

    private final VirtDriver driver;
    private final ResizeStore store;

    public ResizeTasks(VirtDriver driver, ResizeStore store) {
        this.driver = driver;
        this.store = store;
    }

    /** From the API's resize_prep through resize_migrating, resize_migrated and resize_finish to VERIFY_RESIZE. */
    public void resize(ResizeRequest r) {
        if (!store.advance(r, TaskState.RESIZE_PREP, TaskState.RESIZE_MIGRATING, "migrating")) {
            LOG.info("instance {} is no longer waiting to be resized (deleted meanwhile)", r.uuid());
            return;
        }
        PowerState power;
        try {
            power = driver.resize(r);
        } catch (ResizeError e) {
            // Nova's InstanceFaultRollback: nothing changed, the server goes back to the state it had
            LOG.warn("resize of instance {} refused: {}", r.uuid(), e.getMessage());
            store.rolledBack(r, TaskState.RESIZE_MIGRATING, r.wasStopped() ? PowerState.SHUTDOWN : PowerState.RUNNING,
                    e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (stopping(r, "resize")) {
                return;
            }
            LOG.warn("resize of instance {} failed: {}", r.uuid(), messageOf(e));
            store.failed(r, TaskState.RESIZE_MIGRATING, "Resize failed: " + messageOf(e));
            return;
        }
        if (store.advance(r, TaskState.RESIZE_MIGRATING, TaskState.RESIZE_MIGRATED, "post-migrating")
                && store.advance(r, TaskState.RESIZE_MIGRATED, TaskState.RESIZE_FINISH, "post-migrating")
                && store.finished(r, TaskState.RESIZE_FINISH, power)) {
            LOG.info("instance {} resized to flavor {}; waiting for its confirmation", r.uuid(), r.newFlavor().name());
        }
    }

    /** The old disk goes; the server is ACTIVE (SHUTOFF when it was stopped), the migration confirmed. */
    public void confirm(ResizeRequest r) {
        try {
            store.confirmed(r, driver.confirmResize(r));
            LOG.info("instance {}: resize to flavor {} confirmed, the old disk removed", r.uuid(), r.newFlavor().name());
        } catch (RuntimeException e) {
            if (stopping(r, "confirm")) {
                return;
            }
            LOG.warn("confirming the resize of instance {} failed: {}", r.uuid(), messageOf(e));
            store.failed(r, null, "Confirming the resize failed: " + messageOf(e));
        }
    }

    /** From resize_reverting: the old disk and flavor back, the domain as it was, the migration reverted. */
    public void revert(ResizeRequest r) {
        try {
            store.reverted(r, driver.revertResize(r));
            LOG.info("instance {}: resize to flavor {} reverted, back on its old disk", r.uuid(), r.newFlavor().name());
        } catch (RuntimeException e) {
            if (stopping(r, "revert")) {
                return;
            }
            LOG.warn("reverting the resize of instance {} failed: {}", r.uuid(), messageOf(e));
            store.failed(r, TaskState.RESIZE_REVERTING, "Reverting the resize failed: " + messageOf(e));
        }
    }

    /**
     * At start-up, before the reconcile: a resize a restart cut short is undone (Nova's {@code init_host} reverts a
     * crashed migration), a revert finished, a confirm finished. A resize waiting for its confirmation stays.
     *
     * @return the instance's state afterwards, for the reconcile, or empty when nothing was pending
     */
    public Optional<VmState> settleAfterRestart(InstanceRecord i) {
        Optional<ResizeStore.Pending> pending = store.pending(i.uuid());
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        ResizeRequest r = pending.get().request();
        Optional<TaskState> task = i.taskState();
        try {
            if (task.filter(TaskState::resizing).isPresent()) {
                LOG.warn("instance {} was being resized when novalab stopped: undoing it", i.uuid());
                PowerState power = driver.revertResize(r);
                store.rolledBack(r, task.get(), power, RESTARTED_DURING_RESIZE);
                return Optional.of(r.wasStopped() ? VmState.STOPPED : VmState.ACTIVE);
            }
            if (task.equals(Optional.of(TaskState.RESIZE_REVERTING))) {
                LOG.warn("instance {} was reverting its resize when novalab stopped: finishing it", i.uuid());
                store.reverted(r, driver.revertResize(r));
                return Optional.of(r.wasStopped() ? VmState.STOPPED : VmState.ACTIVE);
            }
            if (i.vmState() == VmState.RESIZED && pending.get().migrationStatus().equals("confirming")) {
                LOG.warn("instance {} was confirming its resize when novalab stopped: finishing it", i.uuid());
                store.confirmed(r, driver.confirmResize(r));
                return Optional.of(r.wasStopped() ? VmState.STOPPED : VmState.ACTIVE);
            }
        } catch (RuntimeException e) {
            LOG.warn("the resize of instance {} could not be settled after the restart: {}", i.uuid(), messageOf(e));
            store.failed(r, task.orElse(null), "novalab could not settle this server's resize after a restart: "
                    + messageOf(e));
            return Optional.of(VmState.ERROR);
        }
        return Optional.empty();
    }

    /** Cut short because novalab is stopping: nothing is recorded, the next start settles it. */
    private static boolean stopping(ResizeRequest r, String what) {
        if (Thread.currentThread().isInterrupted()) {
            LOG.warn("{} of instance {} interrupted by shutdown; the next start settles it", what, r.uuid());
            return true;
        }
        return false;
    }

    private static String messageOf(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
