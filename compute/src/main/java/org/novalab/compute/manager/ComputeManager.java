package org.novalab.compute.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.InstanceInvalidState;
import org.novalab.compute.InstanceLocks;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.ReconcileReport;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.inspect.HostInspector;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.resize.LiveMigrationTasks;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.resize.ResizeStore;
import org.novalab.compute.resize.ResizeTasks;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.shelve.ShelveRequest;
import org.novalab.compute.shelve.ShelveTasks;
import org.novalab.compute.shelve.UnshelveRequest;
import org.novalab.compute.snapshot.ImageUploads;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.compute.state.PowerAction;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.compute.virsh.Virsh;
import org.novalab.disk.Passphrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compute host's service (Nova's {@code nova.compute.manager.ComputeManager}): runs what the door asks of this
 * host on its driver and records each outcome in the instances table through the {@link InstanceStore}, always
 * naming the task state it expects. An action that lost its task state meanwhile (the instance is being deleted)
 * leaves the row alone. Work for one instance runs one at a time on this host (Nova's
 * {@code @synchronized(instance.uuid)}): a delete waits for the build it interrupts, then tears down what it made.
 * {@link #initHost()} puts things right after a restart, as Nova's {@code init_host} does.
 */
public final class ComputeManager {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeManager.class);
    /** The fault of a build a restart cut short. */
    public static final String RESTARTED_DURING_BUILD =
            "novalab restarted during the build; delete this server and create it again";
    /** The fault of a rebuild a restart cut short (its disk is the old or the new one, whole). */
    public static final String RESTARTED_DURING_REBUILD =
            "novalab restarted during the rebuild; rebuild this server again or delete it";

    /**
     * The states whose domains a restart puts back as the table has them; a soft-deleted server keeps its domain,
     * powered off, for a restore (the test driver forgets it).
     */
    private static final Set<VmState> RECONCILED = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED,
            VmState.SUSPENDED, VmState.SOFT_DELETED, VmState.RESCUED, VmState.RESIZED, VmState.SHELVED);

    private final String host;
    private final VirtDriver driver;
    private final InstanceStore store;
    private final BuildMetrics metrics;
    private final Optional<Virsh> virsh;
    private final Optional<HostInspector> inspector;
    private final InstanceLocks locks = new InstanceLocks();
    private final SnapshotTasks snapshots;
    private final ShelveTasks shelves;
    private final Optional<ResizeTasks> resizes;
    private final Optional<LiveMigrationTasks> liveMigrations;
    private final Optional<org.novalab.compute.rpc.ComputeApi> peers;

    public ComputeManager(String host, VirtDriver driver, InstanceStore store, BuildMetrics metrics,
                          Optional<Virsh> virsh, Optional<HostInspector> inspector) {
        this(host, driver, store, Optional.empty(), metrics, virsh, inspector, ImageUploads.NONE);
    }

    /**
     * @param resizes where the host records its resizes; without one it takes none
     * @param uploads where this host's snapshots go (the image service)
     */
    public ComputeManager(String host, VirtDriver driver, InstanceStore store, Optional<ResizeStore> resizes,
                          BuildMetrics metrics, Optional<Virsh> virsh, Optional<HostInspector> inspector,
                          ImageUploads uploads) {
        this(host, driver, store, resizes, metrics, virsh, inspector, uploads, Optional.empty());
    }

    /** @param peers the door to the other compute hosts: a host with one moves instances to them and takes theirs */
    public ComputeManager(String host, VirtDriver driver, InstanceStore store, Optional<ResizeStore> resizes,
                          BuildMetrics metrics, Optional<Virsh> virsh, Optional<HostInspector> inspector,
                          ImageUploads uploads, Optional<org.novalab.compute.rpc.ComputeApi> peers) {
        this.snapshots = new SnapshotTasks(driver, store, uploads);
        this.shelves = new ShelveTasks(driver, store, uploads);
        this.resizes = resizes.map(r -> new ResizeTasks(driver, r, peers));
        this.liveMigrations = resizes.flatMap(r -> peers.map(p -> new LiveMigrationTasks(driver, r, p)));
        this.peers = peers;
        this.host = host;
        this.driver = driver;
        this.store = store;
        this.metrics = metrics;
        this.virsh = virsh;
        this.inspector = inspector;
    }

    public String host() {
        return host;
    }

    /** Nova's {@code build_and_run_instance}: scheduling, then spawning, then active (or error with a fault). */
    public void buildAndRunInstance(SpawnRequest request) {
        synchronized (lock(request.uuid())) {
            build(request);
        }
    }

    private void build(SpawnRequest request) {
        UUID uuid = request.uuid();
        if (!store.advanceTask(uuid, TaskState.SCHEDULING, TaskState.SPAWNING)) {
            LOG.info("instance {} is no longer waiting to be built (deleted meanwhile)", uuid);
            return;
        }
        long started = System.nanoTime();
        try {
            SpawnResult result = driver.spawn(request);
            // Like Nova, a running domain is ACTIVE even when its guest found nothing to boot; console.log tells,
            // and the metrics count it as the failed boot it is
            result.fault().ifPresent(fault -> LOG.warn("instance {} runs but its guest did not boot: {}", uuid, fault));
            if (store.completeTask(uuid, TaskState.SPAWNING, VmState.ACTIVE, result.state(), true)) {
                LOG.info("instance {} ({}) is ACTIVE on {}", uuid, request.name(), host);
            } else {
                // given up meanwhile (this host was seen down: the server is ERROR, perhaps evacuated): its guest
                // must not run unseen; the files stay for the server's delete or this host's next start
                LOG.warn("instance {} was given up while it was built here: powering its guest off", uuid);
                try {
                    driver.stop(uuid);
                } catch (RuntimeException e) {
                    LOG.warn("could not power off instance {}: {}", uuid, messageOf(e));
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (result.fault().isPresent()) {
                metrics.failed(took, BuildMetrics.GUEST_DID_NOT_BOOT);
            } else {
                metrics.booted(took);
            }
        } catch (RuntimeException e) {
            if (stopping(request.ref(), "build")) {
                return;
            }
            metrics.failed(Duration.ofNanos(System.nanoTime() - started), BuildMetrics.reasonOf(e));
            LOG.warn("build of instance {} failed: {}", uuid, messageOf(e));
            if (!BuildFailures.worthRetrying(e) || !retriedElsewhere(request, messageOf(e))) {
                store.failTask(uuid, TaskState.SPAWNING, 500, messageOf(e));
            }
        }
    }

    /**
     * Nova's reschedule: the spawn rolled back what it made here, so the build can go to the next alternate that
     * has room, handed to that host as the conductor would hand it.
     *
     * @return whether the build is settled (gone on elsewhere, or in ERROR with every alternate exhausted)
     */
    private boolean retriedElsewhere(SpawnRequest request, String why) {
        if (peers.isEmpty()) {
            return false;
        }
        BuildRetry retry = store.retryBuild(request.uuid(), host, why);
        if (retry instanceof BuildRetry.Exhausted) {
            LOG.warn("instance {}: no alternate host is left to build it", request.uuid());
            return true;
        }
        if (!(retry instanceof BuildRetry.On next)) {
            return false;
        }
        try {
            peers.get().buildAndRunInstance(next.host(), request);
            LOG.info("instance {} goes on to be built on {}", request.uuid(), next.host());
        } catch (RuntimeException e) {
            store.failTask(request.uuid(), TaskState.SCHEDULING, 503, "The build failed on " + host
                    + " and could not be handed to " + next.host() + ": " + messageOf(e));
        }
        return true;
    }

    /**
     * Nova's {@code rebuild_instance}: from the API's rebuilding through rebuild_block_device_mapping (novalab
     * attaches no volumes: nothing to do there) to rebuild_spawning, then active, or stopped again when it was
     * stopped (Nova boots the rebuilt guest, then powers it off); a failure is error with a fault.
     */
    public void rebuildInstance(RebuildRequest request) {
        UUID uuid = request.uuid();
        synchronized (lock(uuid)) {
            if (!store.advanceTask(uuid, TaskState.REBUILDING, TaskState.REBUILD_BLOCK_DEVICE_MAPPING)
                    || !store.advanceTask(uuid, TaskState.REBUILD_BLOCK_DEVICE_MAPPING, TaskState.REBUILD_SPAWNING)) {
                LOG.info("instance {} is no longer waiting to be rebuilt (deleted meanwhile)", uuid);
                return;
            }
            long started = System.nanoTime();
            try {
                SpawnResult result = driver.rebuild(request);
                result.fault().ifPresent(f -> LOG.warn("instance {} runs but its guest did not boot: {}", uuid, f));
                if (request.staysStopped()) {
                    driver.stop(uuid);
                    store.completeTask(uuid, TaskState.REBUILD_SPAWNING, VmState.STOPPED, PowerState.SHUTDOWN, true);
                } else {
                    store.completeTask(uuid, TaskState.REBUILD_SPAWNING, VmState.ACTIVE, result.state(), true);
                }
                request.evacuation().ifPresent(m -> store.migrationStatus(m, "done"));
                LOG.info("instance {} {} from image {} on {}", uuid, request.evacuation().isPresent() ? "evacuated"
                        : "rebuilt", request.spawn().imageId(), host);
                metrics.action("rebuild", true, Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                if (stopping(request.spawn().ref(), "rebuild")) {
                    return;
                }
                metrics.action("rebuild", false, Duration.ofNanos(System.nanoTime() - started));
                LOG.warn("rebuild of instance {} failed: {}", uuid, messageOf(e));
                store.failTask(uuid, TaskState.REBUILD_SPAWNING, 500, messageOf(e));
                request.evacuation().ifPresent(m -> store.migrationStatus(m, "error"));
            }
        }
    }

    /** Nova's {@code prep_resize} to {@code finish_resize} on this host: the instance is in task_state resize_prep. */
    public void resizeInstance(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            resizes().resize(request);
        }
    }

    /** Nova's {@code confirm_resize}: the migration is confirming. */
    public void confirmResize(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            resizes().confirm(request);
        }
    }

    /** Nova's {@code revert_resize}: the instance is in task_state resize_reverting. */
    public void revertResize(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            resizes().revert(request);
        }
    }

    /** Nova's {@code finish_resize} on the destination of a move: the instance is in task_state resize_migrated. */
    public void finishResize(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            resizes().finishMove(request);
        }
    }

    /** Nova's {@code finish_revert_resize} on the source of a move; {@code fault}: the destination failed. */
    public void finishRevertResize(ResizeRequest request, Optional<String> fault) {
        synchronized (lock(request.uuid())) {
            resizes().finishRevert(request, fault);
        }
    }

    /** A piece of a file of an instance moving here (Nova copies it over ssh; the bus carries it here). */
    public void receiveMigrationFile(UUID instance, String file, long offset, byte[] data) {
        synchronized (lock(instance)) {
            resizes().receive(instance, file, offset, data);
        }
    }

    /** Nova's {@code live_migration} on the source: the instance is in task_state migrating. */
    public void liveMigration(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            liveMigrations().migrate(request);
        }
    }

    /** On the destination of a live migration: the files that arrived, running here. */
    public PowerState postLiveMigrationAtDestination(ResizeRequest request, boolean paused) {
        synchronized (lock(request.uuid())) {
            return liveMigrations().arrive(request, paused);
        }
    }

    /** On the destination of a live migration that did not happen: what it made here goes. */
    public void rollbackLiveMigrationAtDestination(UUID instance) {
        synchronized (lock(instance)) {
            liveMigrations().withdraw(instance);
        }
    }

    private LiveMigrationTasks liveMigrations() {
        return liveMigrations.orElseThrow(() -> new org.novalab.compute.ComputeException("compute host " + host
                + " takes no live migrations: it was started without a store to record them in or a door to the "
                + "other hosts"));
    }

    private ResizeTasks resizes() {
        return resizes.orElseThrow(() -> new org.novalab.compute.ComputeException("compute host " + host
                + " takes no resizes: it was started without a store to record them in"));
    }

    public void stopInstance(InstanceRef instance) {
        power(instance, PowerAction.STOP);
    }

    public void startInstance(InstanceRef instance) {
        power(instance, PowerAction.START);
    }

    /** Both kinds are the driver's hard reboot (novalab's guests have no ACPI to ask); they differ in task state. */
    public void rebootInstance(InstanceRef instance, boolean hard) {
        power(instance, hard ? PowerAction.HARD_REBOOT : PowerAction.REBOOT);
    }

    /** Nova's {@code soft_delete_instance}: the guest is powered off, the server kept until it is reclaimed. */
    public void softDeleteInstance(InstanceRef instance) {
        power(instance, PowerAction.SOFT_DELETE);
    }

    /** Nova's {@code restore_instance}: a soft-deleted server runs again. */
    public void restoreInstance(InstanceRef instance) {
        power(instance, PowerAction.RESTORE);
    }

    /** Nova's {@code pause_instance}: the guest stops where it is; the server is PAUSED. */
    public void pauseInstance(InstanceRef instance) {
        power(instance, PowerAction.PAUSE);
    }

    /** Nova's {@code unpause_instance}. */
    public void unpauseInstance(InstanceRef instance) {
        power(instance, PowerAction.UNPAUSE);
    }

    /** Nova's {@code suspend_instance}: the guest's memory saved to disk; the server is SUSPENDED. */
    public void suspendInstance(InstanceRef instance) {
        power(instance, PowerAction.SUSPEND);
    }

    /** Nova's {@code resume_instance}: the suspended guest restored. */
    public void resumeInstance(InstanceRef instance) {
        power(instance, PowerAction.RESUME);
    }

    /**
     * Nova's {@code rescue_instance}: rescued and running from the rescue disk, or error with Nova's fault
     * ("cannot be rescued: Driver Error: ...") when the driver fails; the driver has put the domain back then.
     */
    public void rescueInstance(RescueRequest request) {
        UUID uuid = request.uuid();
        synchronized (lock(uuid)) {
            long started = System.nanoTime();
            try {
                driver.rescue(request);
                store.completeTask(uuid, TaskState.RESCUING, VmState.RESCUED, PowerState.RUNNING, true);
                LOG.info("instance {} rescued from image {} on {}", uuid, request.rescueImageId(), host);
                metrics.action("rescue", true, Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                if (stopping(request.instance(), "rescue")) {
                    return;
                }
                metrics.action("rescue", false, Duration.ofNanos(System.nanoTime() - started));
                LOG.warn("rescue of instance {} failed: {}", uuid, messageOf(e));
                store.failTask(uuid, TaskState.RESCUING, 500, "Instance " + uuid + " cannot be rescued: Driver Error: "
                        + messageOf(e));
            }
        }
    }

    /** Nova's {@code unrescue_instance}: active again on its own disk, or error with a fault. */
    public void unrescueInstance(InstanceRef instance) {
        synchronized (lock(instance.uuid())) {
            long started = System.nanoTime();
            try {
                driver.unrescue(instance.uuid());
                store.completeTask(instance.uuid(), TaskState.UNRESCUING, VmState.ACTIVE, PowerState.RUNNING, false);
                LOG.info("instance {} unrescued on {}: it runs from its own disk again", instance.uuid(), host);
                metrics.action("unrescue", true, Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                if (stopping(instance, "unrescue")) {
                    return;
                }
                metrics.action("unrescue", false, Duration.ofNanos(System.nanoTime() - started));
                LOG.warn("unrescue of instance {} failed: {}", instance.uuid(), messageOf(e));
                store.failTask(instance.uuid(), TaskState.UNRESCUING, 500, "unrescue failed: " + messageOf(e));
            }
        }
    }

    /**
     * Nova's {@code set_admin_password} (a call: the API waits for it): the task state updating_password is cleared
     * whatever the driver answers, and its refusal goes back to the caller. The password is never logged.
     */
    public void setAdminPassword(InstanceRef instance, Map<String, String> imageProperties,
                                 Passphrase password) {
        synchronized (lock(instance.uuid())) {
            try {
                driver.setAdminPassword(instance.uuid(), imageProperties, password);
            } catch (RuntimeException e) {
                store.refuseTask(instance.uuid(), TaskState.UPDATING_PASSWORD, messageOf(e));
                throw e;
            }
            store.completeTask(instance.uuid(), TaskState.UPDATING_PASSWORD, VmState.ACTIVE, PowerState.RUNNING, false);
            LOG.info("instance {}: admin password changed through its guest agent on {}", instance.uuid(), host);
        }
    }

    private void power(InstanceRef instance, PowerAction action) {
        synchronized (lock(instance.uuid())) {
            act(instance, action);
        }
    }

    private void act(InstanceRef instance, PowerAction action) {
        long started = System.nanoTime();
        try {
            switch (action) {
                case STOP, SOFT_DELETE -> driver.stop(instance.uuid());
                case START, RESTORE -> driver.start(instance.uuid());
                case REBOOT -> driver.reboot(instance.uuid());
                case HARD_REBOOT -> driver.hardReboot(instance.uuid());
                case PAUSE -> driver.pause(instance.uuid());
                case UNPAUSE -> driver.unpause(instance.uuid());
                case SUSPEND -> driver.suspend(instance.uuid());
                case RESUME -> driver.resume(instance.uuid());
            }
            if (store.completeTask(instance.uuid(), action.taskState(), action.resultState(), action.resultPower(),
                    false)) {
                LOG.info("instance {}: {} done on {}, now {}", instance.uuid(), actionName(action), host,
                        action.resultState().id());
            }
            metrics.action(actionName(action), true, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            if (stopping(instance, action.verb())) {
                return;
            }
            metrics.action(actionName(action), false, Duration.ofNanos(System.nanoTime() - started));
            LOG.warn("{} of instance {} failed: {}", action.verb(), instance.uuid(), messageOf(e));
            store.failTask(instance.uuid(), action.taskState(), 500, action.verb() + " failed: " + messageOf(e));
        }
    }

    /**
     * Nova's {@code snapshot_instance} and {@code backup_instance}: see {@link SnapshotTasks}; one at a time with the
     * instance's other work on this host.
     */
    public void snapshotInstance(SnapshotRequest request) {
        synchronized (lock(request.instance().uuid())) {
            snapshots.run(request);
        }
    }

    /** Nova's {@code shelve_instance}: see {@link ShelveTasks}; the instance is in task_state shelving. */
    public void shelveInstance(ShelveRequest request) {
        synchronized (lock(request.instance().uuid())) {
            shelves.shelve(request);
        }
    }

    /** Nova's {@code shelve_offload_instance}: the instance is shelved, in task_state shelving_offloading. */
    public void shelveOffloadInstance(InstanceRef instance) {
        synchronized (lock(instance.uuid())) {
            shelves.offload(instance);
        }
    }

    /** Nova's {@code unshelve_instance}: the instance is in task_state unshelving. */
    public void unshelveInstance(UnshelveRequest request) {
        synchronized (lock(request.spawn().uuid())) {
            shelves.unshelve(request);
        }
    }

    /** Nova's {@code terminate_instance}: the domain, disk, secrets and directory go, then the row. */
    public void terminateInstance(InstanceRef instance) {
        synchronized (lock(instance.uuid())) {
            long started = System.nanoTime();
            try {
                driver.destroy(instance.uuid());
                store.remove(instance.uuid());
                LOG.info("instance {} deleted", instance.uuid());
                metrics.action("delete", true, Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                if (stopping(instance, "delete")) {
                    return;
                }
                metrics.action("delete", false, Duration.ofNanos(System.nanoTime() - started));
                LOG.warn("delete of instance {} failed: {}", instance.uuid(), messageOf(e));
                store.failTask(instance.uuid(), TaskState.DELETING, 500, "Delete failed: " + messageOf(e));
            }
        }
    }

    /** Nova's {@code get_diagnostics}: of a running guest only, else its InstanceInvalidState. */
    public DomainStats diagnostics(InstanceRef instance) {
        DomainStats stats = driver.diagnostics(instance.uuid());
        if (stats.state() != PowerState.RUNNING) {
            throw new InstanceInvalidState(instance.uuid(), "power state", stats.state().novaName(),
                    "get_diagnostics");
        }
        return stats;
    }

    /** Nova's {@code attach_volume}, a call here: the volume's disk is in the domain when it returns. */
    public String attachVolume(InstanceRef instance, org.novalab.compute.attach.VolumeConnection volume,
                               Optional<String> device) {
        synchronized (lock(instance.uuid())) {
            return driver.attachVolume(instance.uuid(), volume, device);
        }
    }

    /** Nova's {@code detach_volume}, a call here. */
    public void detachVolume(InstanceRef instance, String volumeId) {
        synchronized (lock(instance.uuid())) {
            driver.detachVolume(instance.uuid(), volumeId);
        }
    }

    public String consoleOutput(InstanceRef instance) {
        return driver.consoleOutput(instance.uuid());
    }

    public HostCapabilities capabilities() {
        return driver.capabilities();
    }

    public Virsh virsh() {
        return virsh.orElseThrow(() -> new HostHasNoHypervisor(host, "virsh"));
    }

    public HostInspector inspector() {
        return inspector.orElseThrow(() -> new HostHasNoHypervisor(host, "the classroom"));
    }

    /**
     * Interrupted because novalab is stopping: the instance keeps its task state, and the next start puts it
     * right ({@link #initHost()}) instead of recording a failure that did not happen.
     */
    private static boolean stopping(InstanceRef instance, String what) {
        if (Thread.currentThread().isInterrupted()) {
            LOG.warn("{} of instance {} interrupted by shutdown; the next start puts it right", what, instance.uuid());
            return true;
        }
        return false;
    }

    /**
     * Nova's {@code init_host}, once at start-up, before this host takes work: a delete that was running is
     * finished first; a build that was running is lost, so its instance goes to error with a fault; an
     * interrupted power action leaves the instance as it was. Then the hypervisor is brought in line with what the
     * table says for the active, stopped, paused, suspended and soft-deleted instances (domains redefined from
     * their instance directories and put back running, shut off, paused, or shut off with a managed save image);
     * what cannot be restored goes to error.
     */
    public void initHost() {
        driver.capabilities(); // probed now, not while the first request waits for the scheduler
        List<KnownInstance> settled = new ArrayList<>();
        Set<UUID> recorded = new HashSet<>();
        for (InstanceRecord i : store.onHost(host)) {
            recorded.add(i.uuid());
            Optional<TaskState> task = i.taskState();
            if (task.equals(Optional.of(TaskState.DELETING))) {
                LOG.info("finishing the delete of instance {}", i.uuid());
                terminateInstance(i.ref());
                continue;
            }
            if (i.vmState() == VmState.BUILDING) {
                LOG.warn("instance {} was building when novalab stopped: marking it ERROR", i.uuid());
                store.failTask(i.uuid(), task.orElse(null), 500, RESTARTED_DURING_BUILD);
                continue;
            }
            if (task.filter(TaskState::rebuilding).isPresent()) {
                // as Nova's init_host: the image in the row is the new one, the disk may be either
                LOG.warn("instance {} was being rebuilt when novalab stopped: marking it ERROR", i.uuid());
                store.failTask(i.uuid(), task.get(), 500, RESTARTED_DURING_REBUILD);
                continue;
            }
            if (task.equals(Optional.of(TaskState.RESCUING)) || task.equals(Optional.of(TaskState.UNRESCUING))) {
                // the rescue is undone either way: a rescue that did not finish, or an unrescue that had begun
                boolean undone = driver.undoRescue(i.uuid());
                VmState state = task.get() == TaskState.UNRESCUING ? VmState.ACTIVE : i.vmState();
                LOG.warn("instance {} was in {} when novalab stopped: {}; it is {} again", i.uuid(), task.get(),
                        undone ? "its rescue is undone" : "it was not rescued yet", state.id());
                store.completeTask(i.uuid(), task.get(), state, i.powerState(), false);
                if (RECONCILED.contains(state)) {
                    settled.add(known(i.uuid(), i.ref().domainName(), state, i.powerState()));
                }
                continue;
            }
            if (ShelveTasks.interruptedBy(i)) {
                VmState state = shelves.settleAfterRestart(i);
                if (RECONCILED.contains(state)) {
                    settled.add(known(i.uuid(), i.ref().domainName(), state, PowerState.SHUTDOWN));
                }
                continue;
            }
            Optional<VmState> resized = resizes.flatMap(r -> r.settleAfterRestart(i));
            if (resized.isPresent()) {
                if (RECONCILED.contains(resized.get())) {
                    settled.add(new KnownInstance(i.uuid(), i.ref().domainName(),
                            resized.get() == VmState.ACTIVE ? PowerState.RUNNING
                                    : resized.get() == VmState.PAUSED ? PowerState.PAUSED : PowerState.SHUTDOWN));
                }
                continue;
            }
            // an interrupted power action (stop, pause, suspend, their undoing...) leaves the server as the table
            // has it, and the reconcile below puts its domain back in that state
            task.ifPresent(t -> store.completeTask(i.uuid(), t, i.vmState(), i.powerState(), false));
            if (RECONCILED.contains(i.vmState())) {
                settled.add(known(i));
            }
        }
        ReconcileReport report = driver.reconcile(settled);
        report.fixed().forEach(e -> LOG.info("reconciled {} ({}): {}", e.uuid(), e.domainName(), e.detail()));
        report.orphans().forEach(e -> reapOrOnlyReport(e, recorded));
        report.flagged().forEach(e -> {
            LOG.warn("instance {} could not be restored after the restart: {}", e.uuid(), e.detail());
            store.failTask(e.uuid(), null, 500, "novalab could not restore this server after a restart: "
                    + e.detail());
        });
    }

    /**
     * An instance directory in this host's state dir that no row of the database names (and no domain runs from)
     * is what a killed create or delete left: nobody can reach it through the API, so it goes, with the secrets
     * and keys of its disk (Nova's {@code running_deleted_instance_action = reap}). So does the domain of a server
     * deleted while this host was down (the database recorded it as terminated). Any other domain the database does
     * not know is only reported: on a shared hypervisor it may be someone else's.
     */
    private void reapOrOnlyReport(ReconcileReport.Entry orphan, Set<UUID> recorded) {
        if (recorded.contains(orphan.uuid())) {
            return; // a server in error or still building: its directory is its own, its delete removes it
        }
        if (!orphan.domainName().isEmpty() && !store.wasDeleted(orphan.uuid())) {
            LOG.warn("orphan {} ({}): {}", orphan.uuid(), orphan.domainName(), orphan.detail());
            return;
        }
        if (store.knows(orphan.uuid())) {
            // the server lives on another host now (evacuated while this one was down): only this copy goes
            try {
                driver.forgetStaleCopy(orphan.uuid());
            } catch (RuntimeException e) {
                LOG.error("the stale copy of instance {} could not be removed: {}", orphan.uuid(), messageOf(e));
            }
            return;
        }
        try {
            driver.destroy(orphan.uuid());
            LOG.warn("reaped instance directory {}: {}", orphan.uuid(), orphan.detail());
        } catch (RuntimeException e) {
            LOG.error("orphan instance directory {} could not be removed: {}", orphan.uuid(), messageOf(e));
        }
    }

    /** The action's label: its verb, a hard reboot told apart from a soft one. */
    private static String actionName(PowerAction action) {
        return action == PowerAction.HARD_REBOOT ? "hard_reboot" : action.verb();
    }

    private Object lock(UUID instance) {
        return locks.of(instance);
    }

    /** What the domain of an instance in each settled state should be after a restart. */
    private static KnownInstance known(InstanceRecord i) {
        return known(i.uuid(), i.ref().domainName(), i.vmState(), i.powerState());
    }

    private static KnownInstance known(UUID uuid, String domain, VmState state, PowerState power) {
        return switch (state) {
            case ACTIVE, RESCUED -> new KnownInstance(uuid, domain, PowerState.RUNNING);
            case PAUSED -> new KnownInstance(uuid, domain, PowerState.PAUSED);
            case SUSPENDED -> KnownInstance.suspended(uuid, domain);
            // a resized server waits with its guest as the resize left it: running unless it was stopped
            case RESIZED -> new KnownInstance(uuid, domain, power == PowerState.RUNNING
                    ? PowerState.RUNNING : PowerState.SHUTDOWN);
            default -> new KnownInstance(uuid, domain, PowerState.SHUTDOWN);
        };
    }

    private static String messageOf(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
