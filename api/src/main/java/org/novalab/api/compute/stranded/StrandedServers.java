package org.novalab.api.compute.stranded;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.host.ServiceEntity;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.persistence.Database;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.resize.ResizeStore;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conductor's answer to a compute host that died with work in its hands: a server whose host is down (silent for
 * {@code service_down_time}, or forced down by an operator) is never left in a task state for good.
 * <ul>
 *   <li>A build, rebuild or evacuation there is given up: ERROR with a fault that says what to do (evacuate or
 *       delete), the migration of an evacuation {@code error}. If the host was only cut off and finishes the build
 *       later, it finds the server given up and powers the guest off.</li>
 *   <li>A move whose destination is down, with the source up and holding its set-aside copy (the disk sent, the
 *       finish cast or running, or a revert cast to the destination), is undone by the source: the server is back
 *       on its own disk there, ACTIVE (or SHUTOFF), with a fault; a destination that finishes later withdraws its
 *       copy.</li>
 *   <li>A move whose source died after sending everything is finished by its destination (the finish cast
 *       again: it is idempotent); any other move or resize on a down host is ERROR with a fault, and the host
 *       puts its directories back when it returns.</li>
 *   <li>Any other task (a power action, a snapshot...) is dropped: the server stays in the state it had, and the
 *       action's event says why.</li>
 * </ul>
 * A delete in progress is left alone: the host finishes it when it starts again. Nova leaves all of these to the
 * host's own restart ({@code init_host}); a host that never comes back would leave them stuck.
 */
public final class StrandedServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StrandedServers.class);
    private static final Set<String> MOVE_TYPES = Set.of("resize", "migration");
    /** The source of these holds the set-aside copy and can take the server back when the destination is down. */
    private static final Set<TaskState> SOURCE_CAN_UNDO = Set.of(TaskState.RESIZE_MIGRATED, TaskState.RESIZE_FINISH,
            TaskState.RESIZE_REVERTING);

    private final Database db;
    private final Clock clock;
    private final ServiceRegistry services;
    private final HibernateInstanceStore instances;
    private final ResizeStore resizes;
    private final ComputeApi compute;
    private final Duration every;
    private ScheduledExecutorService timer;
    /** The hosts the previous pass found down: a host is acted on once two passes in a row find it down. */
    private Set<String> downBefore = Set.of();

    /** What one pass did, by outcome: servers given up (ERROR), moves undone or finished, tasks dropped. */
    public record Swept(int givenUp, int undone, int finished, int dropped) {
        public int total() {
            return givenUp + undone + finished + dropped;
        }
    }

    public StrandedServers(Database db, Clock clock, ServiceRegistry services, HibernateInstanceStore instances,
                           ResizeStore resizes, ComputeApi compute, Duration every) {
        this.db = db;
        this.clock = clock;
        this.services = services;
        this.instances = instances;
        this.resizes = resizes;
        this.compute = compute;
        this.every = every;
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "novalab-stranded-servers");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweepQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One pass over the servers the compute hosts that are down hold, and the moves toward them. A host is acted on
     * when this pass and the one before both found it down, so an operator's brief {@code --down} and {@code --up}
     * again, or a heartbeat that was late once, gives nothing up.
     */
    public synchronized Swept sweep() {
        Set<String> seen = services.list(null, ServiceRegistry.COMPUTE).stream().filter(s -> !services.isUp(s))
                .map(ServiceEntity::host).collect(Collectors.toSet());
        Set<String> down = seen.stream().filter(downBefore::contains).collect(Collectors.toSet());
        downBefore = seen;
        if (down.isEmpty()) {
            return new Swept(0, 0, 0, 0);
        }
        int givenUp = 0;
        int undone = 0;
        int finished = 0;
        int dropped = 0;
        for (InstanceEntity i : inTaskOn(down)) {
            TaskState task = i.taskState() == null ? null : TaskState.of(i.taskState());
            Optional<ResizeStore.Pending> move = resizes.pending(UUID.fromString(i.uuid()))
                    .filter(p -> p.request().move().isPresent());
            switch (outcome(i, task, move, down)) {
                case UNDO -> undone += undo(i, move.get().request(), i.host()) ? 1 : 0;
                case FINISH_ON_DESTINATION -> finished += finishOnDestination(i, move.get().request()) ? 1 : 0;
                case GIVE_UP -> givenUp += giveUp(i, task) ? 1 : 0;
                case DROP -> dropped += drop(i, task) ? 1 : 0;
                case LEAVE -> {
                }
            }
        }
        for (MigrationEntity m : movesToward(down)) {
            Optional<InstanceEntity> i = instances.find(UUID.fromString(m.instanceUuid()))
                    .filter(x -> m.sourceCompute().equals(x.host()) && x.taskState() != null);
            Optional<ResizeStore.Pending> move = resizes.pending(UUID.fromString(m.instanceUuid()))
                    .filter(p -> p.request().migration().toString().equals(m.uuid()));
            if (i.isPresent() && move.isPresent()
                    && SOURCE_CAN_UNDO.contains(TaskState.of(i.get().taskState()))) {
                undone += undo(i.get(), move.get().request(), m.destCompute()) ? 1 : 0;
            }
        }
        Swept swept = new Swept(givenUp, undone, finished, dropped);
        if (swept.total() > 0) {
            LOG.warn("compute hosts {} are down: {} servers given up (ERROR), {} moves undone by their source, {} "
                    + "finished by their destination, {} tasks dropped", down, givenUp, undone, finished, dropped);
        }
        return swept;
    }

    private enum Outcome { UNDO, FINISH_ON_DESTINATION, GIVE_UP, DROP, LEAVE }

    /** What becomes of a server in {@code task} on a host that is down. */
    private Outcome outcome(InstanceEntity i, TaskState task, Optional<ResizeStore.Pending> move, Set<String> down) {
        if (task == TaskState.DELETING) {
            return Outcome.LEAVE; // the host finishes it when it starts again
        }
        if (i.vmState() == VmState.BUILDING || task.rebuilding()) {
            return Outcome.GIVE_UP;
        }
        if (move.isPresent() && (task.resizing() || task == TaskState.RESIZE_REVERTING)) {
            ResizeRequest.Move m = move.get().request().move().orElseThrow();
            boolean onDestination = i.host().equals(m.destination());
            if (onDestination && !down.contains(m.source()) && SOURCE_CAN_UNDO.contains(task)) {
                return Outcome.UNDO;
            }
            if (!onDestination && task == TaskState.RESIZE_MIGRATED && !down.contains(m.destination())) {
                return Outcome.FINISH_ON_DESTINATION;
            }
            if (!onDestination && task == TaskState.RESIZE_FINISH && !down.contains(m.destination())) {
                return Outcome.LEAVE; // the destination is finishing it, or fails and tells the source
            }
            return Outcome.GIVE_UP;
        }
        if (task.resizing() || task == TaskState.RESIZE_REVERTING) {
            return Outcome.GIVE_UP;
        }
        return Outcome.DROP;
    }

    private List<InstanceEntity> inTaskOn(Set<String> down) {
        return db.read(s -> s.createSelectionQuery("from InstanceEntity i where i.host in :down and "
                        + "(i.taskState is not null or i.vmState = :building) order by i.id", InstanceEntity.class)
                .setParameter("down", down).setParameter("building", VmState.BUILDING.id()).list());
    }

    /** Moves under way whose destination is down (their server still on its source). */
    private List<MigrationEntity> movesToward(Set<String> down) {
        return db.read(s -> s.createSelectionQuery("from MigrationEntity m where m.destCompute in :down and "
                        + "m.sourceCompute <> m.destCompute and m.migrationType in :types and m.status in "
                        + "('pre-migrating', 'migrating', 'post-migrating') order by m.id", MigrationEntity.class)
                .setParameter("down", down).setParameter("types", MOVE_TYPES).list());
    }

    private boolean giveUp(InstanceEntity i, TaskState task) {
        String why = "Compute host " + i.host() + " went down while the server was " + (task == null
                ? "building" : task.value()) + " (no heartbeat for service_down_time, or forced down): the work is "
                + "given up. Evacuate the server to rebuild it on another host, or delete it.";
        boolean done = instances.failTask(UUID.fromString(i.uuid()), task, 500, why);
        if (done) {
            migrationsOf(i.uuid());
            LOG.warn("instance {}: {}", i.uuid(), why);
        }
        return done;
    }

    private boolean drop(InstanceEntity i, TaskState task) {
        String why = "Compute host " + i.host() + " went down before it finished " + task.value() + ": the server "
                + "stays " + i.vmState().id() + "; try again when the host is up.";
        boolean done = instances.refuseTask(UUID.fromString(i.uuid()), task, why);
        if (done) {
            if (task == TaskState.MIGRATING) {
                migrationsOf(i.uuid()); // a live migration's claim on its destination goes with it
            }
            LOG.warn("instance {}: {}", i.uuid(), why);
        }
        return done;
    }

    /**
     * The source takes the server back on its set-aside copy, with a fault naming the host that went down. The
     * migration ends in error first, in one guarded update, so the next pass does not ask again while the source
     * is at it.
     */
    private boolean undo(InstanceEntity i, ResizeRequest r, String downHost) {
        ResizeRequest.Move m = r.move().orElseThrow();
        int taken = db.write(s -> s.createMutationQuery("update MigrationEntity m set m.status = 'error', "
                        + "m.updatedAt = :now where m.uuid = :u and m.status not in ('error', 'confirmed', 'reverted')")
                .setParameter("now", clock.instant()).setParameter("u", r.migration().toString()).executeUpdate());
        if (taken != 1) {
            return false;
        }
        String why = "Migration failed: compute host " + downHost + " went down during the move; the server is back "
                + "on " + m.source() + " on its own disk.";
        try {
            compute.finishRevertResize(m.source(), r, Optional.of(why));
            LOG.warn("instance {}: compute host {} went down during its move; asked {} to take it back", i.uuid(),
                    downHost, m.source());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("instance {}: {} could not be asked to take it back: {}", i.uuid(), m.source(), e.toString());
            return false;
        }
    }

    /** The disk was sent whole before the source went down: the destination finishes the move on its own. */
    private boolean finishOnDestination(InstanceEntity i, ResizeRequest r) {
        String destination = r.move().orElseThrow().destination();
        try {
            compute.finishResize(destination, r);
            LOG.warn("instance {}: its source {} went down after sending its disk; {} finishes the move", i.uuid(),
                    i.host(), destination);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("instance {}: {} could not be asked to finish its move: {}", i.uuid(), destination, e.toString());
            return false;
        }
    }

    /** The server's migrations under way end in error with it. */
    private void migrationsOf(String instance) {
        db.run(s -> s.createMutationQuery("update MigrationEntity m set m.status = 'error', m.updatedAt = :now "
                        + "where m.instanceUuid = :u and m.status in ('accepted', 'pre-migrating', 'migrating', "
                        + "'post-migrating', 'reverting', 'queued', 'preparing', 'running')")
                .setParameter("now", clock.instant()).setParameter("u", instance).executeUpdate());
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("looking for servers stranded on down compute hosts failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
