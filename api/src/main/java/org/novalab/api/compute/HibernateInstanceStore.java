package org.novalab.api.compute;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.query.MutationQuery;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.compute.usage.TerminatedInstanceEntity;
import org.novalab.api.persistence.Database;
import org.novalab.compute.manager.BuildRetry;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.manager.InstanceStore;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/**
 * The instances table as the compute hosts and the API change it. Every state change is one guarded UPDATE
 * ({@code ... where uuid = ? and task_state = ?}): the database decides which of two concurrent requests, threads
 * or processes gets to act on an instance, as Nova's {@code expected_task_state} does.
 */
public final class HibernateInstanceStore implements InstanceStore {
    private final Database db;
    private final Clock clock;
    private final InstanceActions actions;
    private final Optional<BuildRetries> retries;
    private final InstanceChanges changes = new InstanceChanges();
    /** Who hears that an instance's row is gone (its volumes are detached then: Nova's _cleanup_volumes). */
    private final java.util.List<java.util.function.Consumer<UUID>> removed =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A store that retries no failed build (it keeps no claims): tests of one host, tools. */
    public HibernateInstanceStore(Database db, Clock clock) {
        this(db, clock, Optional.empty());
    }

    /** @param ratios Nova's allocation ratios, for the claim of an alternate when a build is retried */
    public HibernateInstanceStore(Database db, Clock clock, HostFit.Ratios ratios) {
        this(db, clock, Optional.of(ratios));
    }

    private HibernateInstanceStore(Database db, Clock clock, Optional<HostFit.Ratios> ratios) {
        this.db = db;
        this.clock = clock;
        this.actions = new InstanceActions(db, clock);
        this.retries = ratios.map(r -> new BuildRetries(clock, actions, new HostFit(r)));
    }

    /** Why an action could not start. */
    public enum Refusal { NONE, GONE, BUSY, WRONG_STATE }

    /**
     * Starts an action: sets {@code task} where the instance has none and is in one of {@code allowedFrom}.
     *
     * @return {@link Refusal#NONE} when this caller won; otherwise why not
     */
    public Refusal beginTask(UUID instance, Set<VmState> allowedFrom, TaskState task) {
        return announced(instance, db.write(s -> {
            int changed = s.createMutationQuery("update InstanceEntity i set i.taskState = :task, i.updatedAt = :now "
                            + "where i.uuid = :uuid and i.taskState is null and i.vmState in :allowed")
                    .setParameter("task", task.value()).setParameter("now", clock.instant())
                    .setParameter("uuid", instance.toString())
                    .setParameter("allowed", allowedFrom.stream().map(VmState::id).toList()).executeUpdate();
            if (changed == 1) {
                return Refusal.NONE;
            }
            InstanceEntity now = byUuid(s, instance);
            return now == null ? Refusal.GONE : now.taskState() != null ? Refusal.BUSY : Refusal.WRONG_STATE;
        }), r -> r == Refusal.NONE);
    }

    /** Nova lets a delete interrupt any task but another delete: true when this caller started the delete. */
    public boolean beginDelete(UUID instance) {
        return announced(instance, db.write(s -> s.createMutationQuery("update InstanceEntity i set "
                        + "i.taskState = :deleting, "
                        + "i.updatedAt = :now where i.uuid = :uuid and (i.taskState is null or i.taskState <> :deleting)")
                .setParameter("deleting", TaskState.DELETING.value()).setParameter("now", clock.instant())
                .setParameter("uuid", instance.toString()).executeUpdate() == 1));
    }

    /**
     * Nova's soft delete (with {@code reclaim_instance_interval}): a server that was ever launched takes
     * {@code soft-deleting} from any task but a delete, and its {@code deleted_at} is stamped.
     *
     * @return false when it never launched (Nova deletes it for good then) or is being deleted already
     */
    public boolean beginSoftDelete(UUID instance) {
        return announced(instance, db.write(s -> s.createMutationQuery("update InstanceEntity i set "
                        + "i.taskState = :soft, i.deletedAt = :now, "
                        + "i.updatedAt = :now where i.uuid = :uuid and i.launchedAt is not null and (i.taskState is null "
                        + "or i.taskState not in (:deleting, :soft))")
                .setParameter("soft", TaskState.SOFT_DELETING.value()).setParameter("deleting", TaskState.DELETING.value())
                .setParameter("now", clock.instant()).setParameter("uuid", instance.toString()).executeUpdate() == 1));
    }

    /** The soft-deleted servers on any host whose interval has passed: the reclaim's to delete for good. */
    public List<InstanceEntity> softDeletedBefore(java.time.Instant cutoff) {
        return db.read(s -> s.createSelectionQuery("from InstanceEntity i where i.vmState = :soft and i.taskState is null "
                        + "and i.deletedAt <= :cutoff order by i.deletedAt", InstanceEntity.class)
                .setParameter("soft", VmState.SOFT_DELETED.id()).setParameter("cutoff", cutoff).list());
    }

    @Override
    public boolean advanceTask(UUID instance, TaskState expected, TaskState next) {
        return announced(instance, db.write(s -> guarded(s, "i.taskState = :next", instance, expected)
                .setParameter("next", next.value()).executeUpdate() == 1));
    }

    @Override
    public boolean completeTask(UUID instance, TaskState expected, VmState vmState, PowerState powerState,
                                boolean launched) {
        String launch = launched ? ", i.launchedAt = :now" : "";
        return announced(instance, db.write(s -> {
            boolean done = guarded(s, "i.taskState = null, i.vmState = :vm, i.powerState = :power" + launch,
                    instance, expected).setParameter("vm", vmState.id()).setParameter("power", powerState.code())
                    .executeUpdate() == 1;
            if (done && expected != null) {
                InstanceActions.eventOf(expected).ifPresent(e -> actions.finish(s, instance.toString(), e, true, null));
            }
            return done;
        }));
    }

    @Override
    public boolean refuseTask(UUID instance, TaskState expected, String why) {
        return announced(instance, db.write(s -> {
            boolean done = guarded(s, "i.taskState = null", instance, expected).executeUpdate() == 1;
            if (done && expected != null) {
                InstanceActions.eventOf(expected).ifPresent(e -> actions.finish(s, instance.toString(), e, false, why));
            }
            return done;
        }));
    }

    @Override
    public boolean failTask(UUID instance, TaskState expected, int code, String message) {
        return announced(instance, db.write(s -> {
            if (guarded(s, "i.taskState = null, i.vmState = :vm", instance, expected)
                    .setParameter("vm", VmState.ERROR.id()).executeUpdate() != 1) {
                return false;
            }
            s.persist(new FaultEntity(byUuid(s, instance).id(), code, message, clock.instant()));
            if (expected != null) {
                InstanceActions.eventOf(expected).ifPresent(e -> actions.finish(s, instance.toString(), e, false,
                        message));
            }
            return true;
        }));
    }

    @Override
    public BuildRetry retryBuild(UUID instance, String failedHost, String why) {
        if (retries.isEmpty()) {
            return new BuildRetry.NotRetried();
        }
        return announced(instance, db.write(s -> retries.get().retry(s, instance, failedHost, why)),
                r -> !(r instanceof BuildRetry.NotRetried));
    }

    @Override
    public boolean revertTask(UUID instance, TaskState expected, VmState vmState, PowerState powerState, int code,
                              String message) {
        return announced(instance, db.write(s -> {
            if (guarded(s, "i.taskState = null, i.vmState = :vm, i.powerState = :power", instance, expected)
                    .setParameter("vm", vmState.id()).setParameter("power", powerState.code()).executeUpdate() != 1) {
                return false;
            }
            s.persist(new FaultEntity(byUuid(s, instance).id(), code, message, clock.instant()));
            if (expected != null) {
                InstanceActions.eventOf(expected).ifPresent(e -> actions.finish(s, instance.toString(), e, false,
                        message));
            }
            return true;
        }));
    }

    public InstanceActions actions() {
        return actions;
    }

    /** Where the committed changes of instance rows are announced. */
    public InstanceChanges changes() {
        return changes;
    }

    /** Tells the listeners that {@code instance} changed: rows this store did not write (a create) announce here. */
    public void announce(UUID instance) {
        changes.changed(instance);
    }

    private boolean announced(UUID instance, boolean changed) {
        if (changed) {
            changes.changed(instance);
        }
        return changed;
    }

    private <T> T announced(UUID instance, T result, java.util.function.Predicate<T> changed) {
        if (changed.test(result)) {
            changes.changed(instance);
        }
        return result;
    }

    /** Gives a task state back that was taken for an action never handed to a host: the instance is as it was. */
    public boolean clearTask(UUID instance, TaskState expected) {
        return announced(instance, db.write(s -> guarded(s, "i.taskState = null", instance, expected).executeUpdate() == 1));
    }

    /** {@code listener} hears of each instance whose row {@link #remove} took away. */
    public void onRemoved(java.util.function.Consumer<UUID> listener) {
        removed.add(listener);
    }

    /** Only while it is being deleted: a row that lost its delete (retried from ERROR, say) stays. */
    @Override
    public void remove(UUID instance) {
        boolean gone = db.write(s -> {
            InstanceEntity i = byUuid(s, instance);
            if (i == null || !TaskState.DELETING.value().equals(i.taskState())) {
                return false;
            }
            s.createMutationQuery("delete from FaultEntity f where f.instanceId = :id").setParameter("id", i.id())
                    .executeUpdate();
            // a deleted server leaves its server groups
            s.createNativeMutationQuery("delete from server_group_members where instance_uuid = :u")
                    .setParameter("u", i.uuid()).executeUpdate();
            actions.finish(s, i.uuid(), InstanceActions.eventOf(TaskState.DELETING).orElseThrow(), true, null);
            // usage reports count a deleted server until it ended
            s.persist(TerminatedInstanceEntity.of(i, clock.instant()));
            s.remove(i);
            return true;
        });
        if (gone) {
            removed.forEach(listener -> listener.accept(instance));
        }
        changes.changed(instance);
    }

    @Override
    public List<InstanceRecord> onHost(String host) {
        return db.read(s -> s.createSelectionQuery("from InstanceEntity i where i.host = :host order by i.id",
                InstanceEntity.class).setParameter("host", host).list()).stream().map(InstanceEntity::record).toList();
    }

    @Override
    public boolean knows(UUID instance) {
        return db.read(s -> s.createSelectionQuery("select count(i) from InstanceEntity i where i.uuid = :u",
                Long.class).setParameter("u", instance.toString()).getSingleResult()) > 0;
    }

    @Override
    public boolean wasDeleted(UUID instance) {
        return db.read(s -> s.createSelectionQuery("select count(t) from TerminatedInstanceEntity t where t.uuid = :u",
                Long.class).setParameter("u", instance.toString()).getSingleResult()) > 0;
    }

    @Override
    public void migrationStatus(UUID migration, String status) {
        db.run(s -> s.createMutationQuery("update MigrationEntity m set m.status = :st, m.updatedAt = :now "
                + "where m.uuid = :u").setParameter("st", status).setParameter("now", clock.instant())
                .setParameter("u", migration.toString()).executeUpdate());
    }

    /**
     * Rows recorded before instances got their host at scheduling time (the host was set only when a build
     * succeeded) belong to the one compute host of an embedded server: they become {@code host}'s, so its
     * init_host finds them (a build that was running goes to ERROR, a server that failed can be deleted).
     */
    public int adoptUnhosted(String host) {
        return db.write(s -> s.createMutationQuery("update InstanceEntity i set i.host = :host where i.host is null")
                .setParameter("host", host).executeUpdate());
    }

    /** Every host some instance is placed on. */
    public List<String> hostsWithInstances() {
        return db.read(s -> s.createSelectionQuery("select distinct i.host from InstanceEntity i where i.host is not null",
                String.class).list());
    }

    /** How many instances are in each vm_state (states without one are absent): one grouped query. */
    public java.util.Map<String, Long> countByVmState() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        db.read(s -> s.createSelectionQuery("select i.vmState, count(i) from InstanceEntity i group by i.vmState",
                Object[].class).list()).forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    public Optional<InstanceEntity> find(UUID instance) {
        return Optional.ofNullable(db.read(s -> byUuid(s, instance)));
    }

    /** {@code update InstanceEntity i set <assignments>, updatedAt where uuid and task_state is expected}. */
    private MutationQuery guarded(Session s, String assignments, UUID instance, TaskState expected) {
        MutationQuery q = s.createMutationQuery("update InstanceEntity i set " + assignments + ", i.updatedAt = :now "
                + "where i.uuid = :uuid and " + (expected == null ? "i.taskState is null" : "i.taskState = :expected"))
                .setParameter("now", clock.instant()).setParameter("uuid", instance.toString());
        return expected == null ? q : q.setParameter("expected", expected.value());
    }

    static InstanceEntity byUuid(Session s, UUID uuid) {
        return s.createSelectionQuery("from InstanceEntity where uuid = :u", InstanceEntity.class)
                .setParameter("u", uuid.toString()).uniqueResult();
    }
}
