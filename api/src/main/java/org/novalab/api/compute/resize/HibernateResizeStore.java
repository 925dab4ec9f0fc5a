package org.novalab.api.compute.resize;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.query.MutationQuery;
import org.novalab.api.compute.FaultEntity;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceEntity.FlavorCopy;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.persistence.Database;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.resize.ResizeStore;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/**
 * The instances, migrations and instance actions tables as a compute host records its resizes in them: each change is
 * one transaction whose instance UPDATE is guarded by the task state it expects (a server being deleted meanwhile
 * is left alone), with the migration's status and the action's event changed beside it.
 */
public final class HibernateResizeStore implements ResizeStore {
    /**
     * The events a resize's steps are recorded under, as Nova names them: the conductor's, then each of the host's
     * ({@code wrap_instance_event}).
     */
    static final String CONDUCTOR_EVENT = "cold_migrate";
    static final String PREP_EVENT = "compute_prep_resize";
    static final String RESIZE_EVENT = "compute_resize_instance";
    static final String FINISH_EVENT = "compute_finish_resize";
    static final String CONFIRM_EVENT = "compute_confirm_resize";
    static final String REVERT_EVENT = "compute_revert_resize";
    static final String FINISH_REVERT_EVENT = "compute_finish_revert_resize";
    /** A live migration's events: the conductor's, the source's and the destination's (Nova's names). */
    static final String LIVE_CONDUCTOR_EVENT = "conductor_live_migrate_instance";
    static final String LIVE_SOURCE_EVENT = "compute_live_migration";
    static final String LIVE_DESTINATION_EVENT = "compute_post_live_migration_at_destination";
    private static final List<String> ALL_EVENTS = List.of(CONDUCTOR_EVENT, PREP_EVENT, RESIZE_EVENT, FINISH_EVENT,
            CONFIRM_EVENT, REVERT_EVENT, FINISH_REVERT_EVENT);

    private final Database db;
    private final Clock clock;
    private final InstanceActions actions;

    public HibernateResizeStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.actions = new InstanceActions(db, clock);
    }

    @Override
    public boolean advance(ResizeRequest r, TaskState expected, TaskState next, String migrationStatus) {
        return db.write(s -> {
            boolean moved = guarded(s, "i.taskState = :next", r, expected).setParameter("next", next.value())
                    .executeUpdate() == 1;
            if (moved) {
                migration(s, r, migrationStatus);
                steps(s, r, next, migrationStatus);
            }
            return moved;
        });
    }

    @Override
    public boolean finished(ResizeRequest r, TaskState expected, PowerState power) {
        return db.write(s -> settle(s, r, expected, VmState.RESIZED, power, newFlavorOf(s, r), "finished",
                FINISH_EVENT, null));
    }

    @Override
    public boolean rolledBack(ResizeRequest r, TaskState expected, PowerState power, String why) {
        return db.write(s -> {
            boolean done = settle(s, r, expected, before(r), power, oldFlavorOf(s, r), "error", eventOf(expected), why);
            if (done) {
                fault(s, r, why);
            }
            return done;
        });
    }

    @Override
    public boolean failed(ResizeRequest r, TaskState expected, String why) {
        return db.write(s -> {
            MutationQuery q = guarded(s, "i.taskState = null, i.vmState = :vm", r, expected)
                    .setParameter("vm", VmState.ERROR.id());
            if (q.executeUpdate() != 1) {
                return false;
            }
            migration(s, r, "error");
            fault(s, r, why);
            for (String event : ALL_EVENTS) {
                actions.finish(s, r.uuid().toString(), event, false, why);
            }
            return true;
        });
    }

    @Override
    public boolean confirmed(ResizeRequest r, PowerState power) {
        return db.write(s -> {
            int changed = s.createMutationQuery("update InstanceEntity i set i.vmState = :vm, i.powerState = :power, "
                            + "i.updatedAt = :now where i.uuid = :uuid and i.vmState = :resized and i.taskState is null")
                    .setParameter("vm", before(r).id()).setParameter("power", power.code())
                    .setParameter("now", clock.instant()).setParameter("uuid", r.uuid().toString())
                    .setParameter("resized", VmState.RESIZED.id()).executeUpdate();
            if (changed == 1) {
                migration(s, r, "confirmed");
                actions.finish(s, r.uuid().toString(), CONFIRM_EVENT, true, null);
            }
            return changed == 1;
        });
    }

    @Override
    public boolean reverted(ResizeRequest r, PowerState power) {
        return db.write(s -> {
            boolean done = settle(s, r, TaskState.RESIZE_REVERTING, before(r), power, oldFlavorOf(s, r), "reverted",
                    REVERT_EVENT, null);
            if (done) {
                // Nova's revert_resize on the destination, then finish_revert_resize on the source: one host here
                String uuid = r.uuid().toString();
                actions.addEvent(s, uuid, FINISH_REVERT_EVENT, hostOf(s, uuid));
                actions.finish(s, uuid, FINISH_REVERT_EVENT, true, null);
            }
            return done;
        });
    }

    @Override
    public boolean liveMigrated(ResizeRequest r, PowerState power) {
        ResizeRequest.Move move = r.move().orElseThrow();
        return db.write(s -> {
            int changed = guarded(s, "i.taskState = null, i.vmState = :vm, i.powerState = :power, i.host = :host, "
                    + "i.availabilityZone = :zone", r, TaskState.MIGRATING)
                    .setParameter("vm", (power == PowerState.PAUSED ? VmState.PAUSED : VmState.ACTIVE).id())
                    .setParameter("power", power.code()).setParameter("host", move.destination())
                    .setParameter("zone", AvailabilityZones.hosts(s).nameOf(move.destination())).executeUpdate();
            if (changed != 1) {
                return false;
            }
            migration(s, r, "completed");
            String uuid = r.uuid().toString();
            actions.finish(s, uuid, LIVE_SOURCE_EVENT, true, null);
            actions.addEvent(s, uuid, LIVE_DESTINATION_EVENT, move.destination());
            actions.finish(s, uuid, LIVE_DESTINATION_EVENT, true, null);
            return true;
        });
    }

    @Override
    public boolean liveMigrationFailed(ResizeRequest r, String why) {
        return db.write(s -> {
            if (guarded(s, "i.taskState = null", r, TaskState.MIGRATING).executeUpdate() != 1) {
                return false;
            }
            migration(s, r, "error");
            fault(s, r, why);
            // the conductor's event is still open when the source was never reached
            actions.finish(s, r.uuid().toString(), LIVE_CONDUCTOR_EVENT, false, why);
            actions.finish(s, r.uuid().toString(), LIVE_SOURCE_EVENT, false, why);
            return true;
        });
    }

    @Override
    public Optional<Pending> pending(UUID instance) {
        return db.read(s -> latest(s, instance.toString()).flatMap(e -> {
            MigrationEntity m = migrationOf(s, e.migrationUuid());
            if (m == null || MigrationEntity.OVER.contains(m.status())) {
                return Optional.empty();
            }
            InstanceEntity i = s.createSelectionQuery("from InstanceEntity where uuid = :u", InstanceEntity.class)
                    .setParameter("u", instance.toString()).uniqueResult();
            if (i == null) {
                return Optional.empty();
            }
            return Optional.of(new Pending(requestOf(i, e, m), m.status()));
        }));
    }

    /**
     * The request a resize record describes, for the server it is of: a move when its migration goes from one host
     * to another.
     */
    static ResizeRequest requestOf(InstanceEntity i, ResizeEntity e, MigrationEntity m) {
        Optional<ResizeRequest.Move> move = m == null || m.sourceCompute() == null || m.destCompute() == null
                || m.sourceCompute().equals(m.destCompute()) ? Optional.empty()
                : Optional.of(new ResizeRequest.Move(m.sourceCompute(), m.destCompute(),
                        Optional.ofNullable(i.imageId())));
        return new ResizeRequest(i.ref(), UUID.fromString(e.migrationUuid()), e.oldFlavor().toFlavor(),
                e.newFlavor().toFlavor(), e.wasStopped(), move);
    }

    /** The instance's latest resize record. */
    static Optional<ResizeEntity> latest(Session s, String instance) {
        return s.createSelectionQuery("from ResizeEntity e where e.instanceUuid = :u order by e.createdAt desc",
                ResizeEntity.class).setParameter("u", instance).setMaxResults(1).list().stream().findFirst();
    }

    static MigrationEntity migrationOf(Session s, String uuid) {
        return s.createSelectionQuery("from MigrationEntity m where m.uuid = :u", MigrationEntity.class)
                .setParameter("u", uuid).uniqueResult();
    }

    /** A resize step is over: no task, the vm state and flavor it leaves, the migration's status and the event. */
    private boolean settle(Session s, ResizeRequest r, TaskState expected, VmState vm, PowerState power,
            FlavorCopy flavor, String status, String event, String why) {
        // a move's end puts the instance on the host it ends on, the destination when it finished, else the source,
        // and in that host's zone (Nova's conductor sets the instance's availability_zone to its new host's)
        String host = r.move().map(m -> status.equals("finished") ? m.destination() : m.source()).orElse(null);
        MutationQuery q = guarded(s, "i.taskState = null, i.vmState = :vm, i.powerState = :power, i.flavorId = :fid, "
                + "i.flavorName = :fname, i.vcpus = :vcpus, i.memoryMb = :ram, i.rootGb = :root, "
                + "i.ephemeralGb = :eph, i.swapMb = :swap, i.flavorExtraSpecs = :specs"
                + (host == null ? "" : ", i.host = :host, i.availabilityZone = :zone"), r, expected)
                .setParameter("vm", vm.id()).setParameter("power", power.code()).setParameter("fid", flavor.id())
                .setParameter("fname", flavor.name()).setParameter("vcpus", flavor.vcpus())
                .setParameter("ram", flavor.ramMb()).setParameter("root", flavor.rootGb())
                .setParameter("eph", flavor.ephemeralGb()).setParameter("swap", flavor.swapMb())
                .setParameter("specs", new io.vertx.core.json.JsonObject(new java.util.LinkedHashMap<String, Object>(
                        flavor.extraSpecs())).encode());
        if (host != null) {
            q.setParameter("host", host).setParameter("zone", AvailabilityZones.hosts(s).nameOf(host));
        }
        int changed = q.executeUpdate();
        if (changed != 1) {
            return false;
        }
        migration(s, r, status);
        actions.finish(s, r.uuid().toString(), event, why == null, why);
        return true;
    }

    /**
     * The host's events as the resize moves on: taking resize_migrating the conductor's and prep_resize's are done
     * and resize_instance's begins; taking resize_migrated that one is done and finish_resize's begins. A live
     * migration preparing on its source: the conductor's event is done and live_migration's begins.
     */
    private void steps(Session s, ResizeRequest r, TaskState next, String migrationStatus) {
        String uuid = r.uuid().toString();
        String host = hostOf(s, uuid);
        if (next == TaskState.RESIZE_MIGRATING) {
            actions.finish(s, uuid, CONDUCTOR_EVENT, true, null);
            actions.addEvent(s, uuid, PREP_EVENT, host);
            actions.finish(s, uuid, PREP_EVENT, true, null);
            actions.addEvent(s, uuid, RESIZE_EVENT, host);
        } else if (next == TaskState.RESIZE_MIGRATED) {
            actions.finish(s, uuid, RESIZE_EVENT, true, null);
            actions.addEvent(s, uuid, FINISH_EVENT, host);
        } else if (next == TaskState.MIGRATING && migrationStatus.equals("preparing")) {
            actions.finish(s, uuid, LIVE_CONDUCTOR_EVENT, true, null);
            actions.addEvent(s, uuid, LIVE_SOURCE_EVENT, host);
        }
    }

    /** The event a step that failed was recorded under. */
    private static String eventOf(TaskState step) {
        return switch (step) {
            case RESIZE_PREP -> CONDUCTOR_EVENT;
            case RESIZE_MIGRATING -> RESIZE_EVENT;
            default -> FINISH_EVENT;
        };
    }

    private static String hostOf(Session s, String uuid) {
        return s.createSelectionQuery("select i.host from InstanceEntity i where i.uuid = :u", String.class)
                .setParameter("u", uuid).uniqueResult();
    }

    private static VmState before(ResizeRequest r) {
        return r.wasStopped() ? VmState.STOPPED : VmState.ACTIVE;
    }

    private FlavorCopy newFlavorOf(Session s, ResizeRequest r) {
        return record(s, r).newFlavor();
    }

    private FlavorCopy oldFlavorOf(Session s, ResizeRequest r) {
        return record(s, r).oldFlavor();
    }

    private static ResizeEntity record(Session s, ResizeRequest r) {
        ResizeEntity e = s.get(ResizeEntity.class, r.migration().toString());
        if (e == null) {
            throw new IllegalStateException("no resize record for migration " + r.migration());
        }
        return e;
    }

    private void migration(Session s, ResizeRequest r, String status) {
        s.createMutationQuery("update MigrationEntity m set m.status = :st, m.updatedAt = :now where m.uuid = :u")
                .setParameter("st", status).setParameter("now", clock.instant())
                .setParameter("u", r.migration().toString()).executeUpdate();
    }

    private void fault(Session s, ResizeRequest r, String why) {
        InstanceEntity i = s.createSelectionQuery("from InstanceEntity where uuid = :u", InstanceEntity.class)
                .setParameter("u", r.uuid().toString()).uniqueResult();
        if (i != null) {
            s.persist(new FaultEntity(i.id(), 500, why, clock.instant()));
        }
    }

    private MutationQuery guarded(Session s, String assignments, ResizeRequest r, TaskState expected) {
        MutationQuery q = s.createMutationQuery("update InstanceEntity i set " + assignments + ", i.updatedAt = :now "
                + "where i.uuid = :uuid and " + (expected == null ? "i.taskState is null" : "i.taskState = :expected"))
                .setParameter("now", clock.instant()).setParameter("uuid", r.uuid().toString());
        return expected == null ? q : q.setParameter("expected", expected.value());
    }
}
