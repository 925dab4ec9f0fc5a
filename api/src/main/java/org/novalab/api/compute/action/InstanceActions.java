package org.novalab.api.compute.action;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.state.TaskState;

/**
 * Records the actions asked of servers and the events of the hosts' work on them: an action and its event start
 * when the API takes the request; the event finishes (Success or Error) when the host reports the task done or
 * failed through the instances table. Nova's event names: {@code compute__do_build_and_run_instance},
 * {@code compute_stop_instance}, {@code compute_start_instance}, {@code compute_reboot_instance},
 * {@code compute_terminate_instance}, {@code compute_rebuild_instance}, {@code compute_pause_instance} (and
 * unpause, suspend, resume alike), and
 * {@code conductor_schedule_and_build_instances} when no host took a build.
 */
public final class InstanceActions {
    public static final String BUILD = "compute__do_build_and_run_instance";
    public static final String SCHEDULE = "conductor_schedule_and_build_instances";
    private final Database db;
    private final Clock clock;

    public InstanceActions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The event a task's work is recorded under. */
    public static Optional<String> eventOf(TaskState task) {
        return Optional.ofNullable(switch (task) {
            case SCHEDULING, SPAWNING -> BUILD;
            case POWERING_OFF -> "compute_stop_instance";
            case POWERING_ON -> "compute_start_instance";
            case REBOOTING, REBOOTING_HARD -> "compute_reboot_instance";
            case DELETING -> "compute_terminate_instance";
            case REBUILDING, REBUILD_BLOCK_DEVICE_MAPPING, REBUILD_SPAWNING -> "compute_rebuild_instance";
            case SOFT_DELETING -> "compute_soft_delete_instance";
            case RESTORING -> "compute_restore_instance";
            case PAUSING -> "compute_pause_instance";
            case UNPAUSING -> "compute_unpause_instance";
            case SUSPENDING -> "compute_suspend_instance";
            case RESUMING -> "compute_resume_instance";
            case RESCUING -> "compute_rescue_instance";
            case UNRESCUING -> "compute_unrescue_instance";
            case UPDATING_PASSWORD -> "compute_set_admin_password";
            case IMAGE_SNAPSHOT_PENDING, IMAGE_SNAPSHOT, IMAGE_PENDING_UPLOAD, IMAGE_UPLOADING ->
                    "compute_snapshot_instance";
            case IMAGE_BACKUP -> "compute_backup_instance";
            case SHELVING, SHELVING_IMAGE_PENDING_UPLOAD, SHELVING_IMAGE_UPLOADING -> "compute_shelve_instance";
            case SHELVING_OFFLOADING -> "compute_shelve_offload_instance";
            case UNSHELVING -> "compute_unshelve_instance";
            case MIGRATING -> "compute_live_migration";
            default -> null;
        });
    }

    /**
     * An action the API does itself, with no host work and so no event (Nova's {@code os-resetState}), in the
     * caller's transaction.
     */
    public void record(Session s, String instanceUuid, String action, String requestId, AuthContext caller) {
        s.persist(new InstanceActionEntity(instanceUuid, action, requestId, caller.userId(), caller.projectId(),
                clock.instant()));
    }

    public void record(String instanceUuid, String action, String requestId, AuthContext caller) {
        db.run(s -> record(s, instanceUuid, action, requestId, caller));
    }

    /** Starts an action and its event in the caller's transaction. */
    public void start(Session s, String instanceUuid, String action, String requestId, AuthContext caller,
            String event, String host) {
        Instant now = clock.instant();
        InstanceActionEntity a = new InstanceActionEntity(instanceUuid, action, requestId, caller.userId(),
                caller.projectId(), now);
        s.persist(a);
        s.persist(new InstanceActionEventEntity(a.id(), event, host, now));
    }

    public void start(String instanceUuid, String action, String requestId, AuthContext caller, String event,
            String host) {
        db.run(s -> start(s, instanceUuid, action, requestId, caller, event, host));
    }

    /** Finishes the instance's latest open {@code event} (in the caller's transaction); nothing when none is open. */
    public void finish(Session s, String instanceUuid, String event, boolean success, String why) {
        List<InstanceActionEventEntity> open = s.createSelectionQuery("select e from InstanceActionEventEntity e, "
                        + "InstanceActionEntity a where a.id = e.actionId and a.instanceUuid = :u and e.event = :e and "
                        + "e.finishTime is null order by e.id desc", InstanceActionEventEntity.class)
                .setParameter("u", instanceUuid).setParameter("e", event).setMaxResults(1).list();
        if (open.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        InstanceActionEventEntity e = open.get(0);
        e.finish(success, why, now);
        InstanceActionEntity a = s.get(InstanceActionEntity.class, e.actionId());
        if (success) {
            a.touched(now);
        } else {
            a.failed(now);
        }
    }

    /**
     * Starts one more event of the instance's latest action (in the caller's transaction): a host's next step of a
     * long action, as Nova's {@code wrap_instance_event} records each of a resize's steps.
     */
    public void addEvent(Session s, String instanceUuid, String event, String host) {
        s.createSelectionQuery("from InstanceActionEntity a where a.instanceUuid = :u order by a.id desc",
                InstanceActionEntity.class).setParameter("u", instanceUuid).setMaxResults(1).list()
                .forEach(a -> s.persist(new InstanceActionEventEntity(a.id(), event, host, clock.instant())));
    }

    public void finish(String instanceUuid, String event, boolean success, String why) {
        db.run(s -> finish(s, instanceUuid, event, success, why));
    }

    /** The instance's actions, newest first. */
    List<InstanceActionEntity> actions(String instanceUuid) {
        return db.read(s -> s.createSelectionQuery("from InstanceActionEntity a where a.instanceUuid = :u "
                + "order by a.startTime desc, a.id desc", InstanceActionEntity.class)
                .setParameter("u", instanceUuid).list());
    }

    Optional<InstanceActionEntity> action(String instanceUuid, String requestId) {
        return Optional.ofNullable(db.read(s -> s.createSelectionQuery("from InstanceActionEntity a where "
                        + "a.instanceUuid = :u and a.requestId = :r order by a.id desc", InstanceActionEntity.class)
                .setParameter("u", instanceUuid).setParameter("r", requestId).setMaxResults(1).uniqueResult()));
    }

    List<InstanceActionEventEntity> events(InstanceActionEntity action) {
        return db.read(s -> s.createSelectionQuery("from InstanceActionEventEntity e where e.actionId = :a "
                + "order by e.id", InstanceActionEventEntity.class).setParameter("a", action.id()).list());
    }
}
