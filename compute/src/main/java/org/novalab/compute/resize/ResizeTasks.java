package org.novalab.compute.resize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resize and cold migration part of one compute host's manager (Nova's {@code prep_resize},
 * {@code resize_instance}, {@code finish_resize}, {@code confirm_resize}, {@code revert_resize} and
 * {@code finish_revert_resize}): runs each on the driver and records its outcome, with the migration's status, in
 * the {@link ResizeStore}. A resize on the instance's own host runs every step here. A move to another host runs
 * as Nova's does, host to host through {@code peers}: the source powers off, sends the disk's files and casts the
 * finish to the destination; a revert starts on the destination, which casts the source's finish; a confirm is the
 * source's alone. The caller holds the instance's lock.
 */
public final class ResizeTasks {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeTasks.class);
    /** The fault of a resize a restart cut short (it was undone: the server has its old disk and flavor). */
    public static final String RESTARTED_DURING_RESIZE =
            "novalab restarted during the resize; it was undone, resize this server again";
    /** The fault of a live migration a restart of its source cut short (the server stays here). */
    public static final String RESTARTED_DURING_LIVE_MIGRATION =
            "novalab restarted during the live migration; the server stays on its own host, migrate it again";

    /** How much of a file one message carries to the destination. */
    static final int PIECE = 4 << 20;

    private final VirtDriver driver;
    private final ResizeStore store;
    private final Optional<ComputeApi> peers;

    public ResizeTasks(VirtDriver driver, ResizeStore store) {
        this(driver, store, Optional.empty());
    }

    /** @param peers the door to the other compute hosts, for moves; without one the host resizes in place only */
    public ResizeTasks(VirtDriver driver, ResizeStore store, Optional<ComputeApi> peers) {
        this.driver = driver;
        this.store = store;
        this.peers = peers;
    }

    /** From the API's resize_prep through resize_migrating, resize_migrated and resize_finish to VERIFY_RESIZE. */
    public void resize(ResizeRequest r) {
        if (!store.advance(r, TaskState.RESIZE_PREP, TaskState.RESIZE_MIGRATING, "migrating")) {
            LOG.info("instance {} is no longer waiting to be resized (deleted meanwhile)", r.uuid());
            return;
        }
        if (r.move().isPresent()) {
            moveAway(r, r.move().get());
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

    /**
     * On the source of a move, Nova's {@code resize_instance}: the guest powered off and its directory set aside,
     * the disk's files sent to the destination piece by piece, then the destination's finish cast. A refusal or a
     * failure before that cast brings the instance back here as it was (Nova's {@code InstanceFaultRollback}).
     */
    private void moveAway(ResizeRequest r, ResizeRequest.Move move) {
        ComputeApi hosts = peers.orElseThrow(() -> new IllegalStateException("no door to the other compute hosts"));
        List<Path> files;
        try {
            files = driver.migrateDiskAndPowerOff(r);
        } catch (ResizeError e) {
            LOG.warn("move of instance {} to {} refused: {}", r.uuid(), move.destination(), e.getMessage());
            store.rolledBack(r, TaskState.RESIZE_MIGRATING, r.wasStopped() ? PowerState.SHUTDOWN : PowerState.RUNNING,
                    e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (!stopping(r, "move")) {
                comeBack(r, TaskState.RESIZE_MIGRATING, "Migration failed on " + move.source() + ": " + messageOf(e));
            }
            return;
        }
        TaskState task = TaskState.RESIZE_MIGRATING;
        try {
            long sent = 0;
            for (Path f : files) {
                sent += send(hosts, move.destination(), r, f);
            }
            if (!store.advance(r, task, TaskState.RESIZE_MIGRATED, "post-migrating")) {
                // deleted meanwhile (the delete removes it all), or given up while this host was seen down
                LOG.info("instance {} is no longer being moved: its directory goes back in place", r.uuid());
                quietly(() -> driver.putBackSetAside(r.uuid()));
                return;
            }
            task = TaskState.RESIZE_MIGRATED;
            LOG.info("sent instance {} to {}: {} files, {} bytes", r.uuid(), move.destination(), files.size(), sent);
            hosts.finishResize(move.destination(), r);
        } catch (RuntimeException e) {
            if (!stopping(r, "move")) {
                comeBack(r, task, "Migration failed: the disk could not be sent to " + move.destination() + ": "
                        + messageOf(e));
            }
        }
    }

    /** One file, in pieces of at most {@link #PIECE} bytes (an empty file is one empty piece). */
    static long send(ComputeApi hosts, String destination, ResizeRequest r, Path file) {
        String name = file.getFileName().toString();
        long offset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            do {
                byte[] piece = in.readNBytes(PIECE);
                if (piece.length == 0 && offset > 0) {
                    break;
                }
                hosts.receiveMigrationFile(destination, r.uuid(), name, offset, piece);
                offset += piece.length;
            } while (true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return offset;
    }

    /**
     * The move failed before the destination took over: the instance comes back here as it was, in the state it
     * had, with a fault that says why.
     *
     * @param expected the task the instance is in
     */
    private void comeBack(ResizeRequest r, TaskState expected, String why) {
        LOG.warn("move of instance {}: {}; bringing it back", r.uuid(), why);
        try {
            store.rolledBack(r, expected, driver.revertResize(r), why);
        } catch (RuntimeException e) {
            LOG.warn("instance {} could not be brought back after its failed move: {}", r.uuid(), messageOf(e));
            store.failed(r, expected, why + "; bringing it back failed too: " + messageOf(e));
        }
    }

    /** The tasks a move can be undone from by its source: the destination failed or went down. */
    private static final List<TaskState> UNDONE_FROM = List.of(TaskState.RESIZE_FINISH, TaskState.RESIZE_MIGRATED,
            TaskState.RESIZE_REVERTING);

    /** On the destination of a move, one piece of a file the source sends. */
    public void receive(java.util.UUID instance, String file, long offset, byte[] data) {
        driver.receiveMigrationFile(instance, file, offset, data);
    }

    /**
     * On the destination, Nova's {@code finish_resize}: the files that arrived become the instance, booted here;
     * the instance's host is this one, waiting for the confirmation (VERIFY_RESIZE). A failure removes what it made
     * here and casts the source's finish of the revert with the fault.
     */
    public void finishMove(ResizeRequest r) {
        ResizeRequest.Move move = r.move().orElseThrow();
        if (!store.advance(r, TaskState.RESIZE_MIGRATED, TaskState.RESIZE_FINISH, "post-migrating")) {
            LOG.info("instance {} is no longer waiting for its move to finish (deleted meanwhile)", r.uuid());
            return;
        }
        PowerState power;
        try {
            power = driver.finishMigration(r);
        } catch (RuntimeException e) {
            if (stopping(r, "finish of the move")) {
                return;
            }
            String why = "Migration failed on " + move.destination() + ": " + messageOf(e);
            LOG.warn("instance {}: {}", r.uuid(), why);
            quietly(() -> driver.withdrawMigration(r.uuid()));
            try {
                peers.orElseThrow().finishRevertResize(move.source(), r, Optional.of(why));
            } catch (RuntimeException unreachable) {
                store.failed(r, TaskState.RESIZE_FINISH, why + "; the source " + move.source() + " could not be told: "
                        + messageOf(unreachable));
            }
            return;
        }
        if (store.finished(r, TaskState.RESIZE_FINISH, power)) {
            LOG.info("instance {} moved from {} to {} with flavor {}; waiting for its confirmation", r.uuid(),
                    move.source(), move.destination(), r.newFlavor().name());
            return;
        }
        // given up while this host finished it (deleted, or this host seen down and the source told to take the
        // server back): the copy booted here is not the server's, so it goes, and one guest runs, never two
        LOG.warn("instance {} is no longer waiting for its move to finish here: withdrawing the copy from {}",
                r.uuid(), move.destination());
        quietly(() -> driver.withdrawMigration(r.uuid()));
    }

    /**
     * On the source of a move, Nova's {@code finish_revert_resize}: the set-aside directory comes back and boots as
     * it was. {@code fault} is why the move is undone rather than reverted: the destination failed to finish it, or
     * it was seen down in the middle of the move (before its finish, during it, or during a revert).
     */
    public void finishRevert(ResizeRequest r, Optional<String> fault) {
        try {
            PowerState power = driver.revertResize(r);
            if (fault.isPresent()) {
                if (UNDONE_FROM.stream().noneMatch(t -> store.rolledBack(r, t, power, fault.get()))) {
                    LOG.info("instance {} was no longer in its move (deleted meanwhile)", r.uuid());
                }
            } else {
                store.reverted(r, power);
            }
            LOG.info("instance {} is back on {} after its move was {}", r.uuid(),
                    r.move().map(ResizeRequest.Move::source).orElse("?"), fault.isPresent() ? "undone" : "reverted");
        } catch (RuntimeException e) {
            if (stopping(r, "revert")) {
                return;
            }
            LOG.warn("bringing instance {} back failed: {}", r.uuid(), messageOf(e));
            store.failed(r, fault.isPresent() ? TaskState.RESIZE_FINISH : TaskState.RESIZE_REVERTING,
                    fault.map(f -> f + "; ").orElse("") + "Reverting the move failed: " + messageOf(e));
        }
    }

    /** The old disk goes; the server is ACTIVE (SHUTOFF when it was stopped), the migration confirmed. */
    public void confirm(ResizeRequest r) {
        try {
            if (r.move().isPresent()) {
                // the source's confirm: the instance runs on the destination, as it was left there
                driver.confirmMigrationSource(r);
                store.confirmed(r, r.wasStopped() ? PowerState.SHUTDOWN : PowerState.RUNNING);
                LOG.info("instance {}: move to {} confirmed, its old disk and secret gone from {}", r.uuid(),
                        r.move().get().destination(), r.move().get().source());
                return;
            }
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
            if (r.move().isPresent()) {
                // the destination's part (Nova's revert_resize): then the source's finish_revert_resize
                driver.withdrawMigration(r.uuid());
                peers.orElseThrow().finishRevertResize(r.move().get().source(), r, Optional.empty());
                return;
            }
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
        if (i.vmState() == VmState.ERROR && i.taskState().isEmpty() && driver.putBackSetAside(i.uuid())) {
            // given up while this host was down: the server stays ERROR, on its own disk again (hard reboot,
            // evacuate or delete it)
            LOG.warn("instance {} had its resize or move given up while this host was down", i.uuid());
        }
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        ResizeRequest r = pending.get().request();
        Optional<TaskState> task = i.taskState();
        try {
            if (task.equals(Optional.of(TaskState.MIGRATING)) && r.move().isPresent()) {
                LOG.warn("instance {} was being live-migrated when novalab stopped: it stays here", i.uuid());
                peers.ifPresent(p -> quietly(() -> p.rollbackLiveMigrationAtDestination(
                        r.move().get().destination(), r.uuid())));
                store.liveMigrationFailed(r, RESTARTED_DURING_LIVE_MIGRATION);
                return Optional.of(i.vmState());
            }
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

    static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("cleanup after a failed move: {}", messageOf(e));
        }
    }

    static String messageOf(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
