package org.novalab.api.compute.server;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.Set;
import java.util.function.Function;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;
import org.novalab.compute.state.VmState;

/**
 * Changes a server's own attributes (metadata, tags, name and the like) in one transaction on its locked row, so a
 * concurrent action's guarded task-state update waits for it; Nova's {@code check_instance_state} first, with its 409
 * "Cannot 'update metadata' instance ... while it is in vm_state building".
 */
public final class ServerRows {
    /** The states Nova lets metadata and tags change in: active, paused, suspended, stopped. */
    public static final Set<VmState> SETTLED = Set.of(VmState.ACTIVE, VmState.PAUSED, VmState.SUSPENDED,
            VmState.STOPPED);

    private final Database db;
    private final Clock clock;

    public ServerRows(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * @param allowed   the vm states the change may happen in, or null for any
     * @param idleOnly  whether a running task (task_state set) refuses it too
     */
    public <T> T change(String uuid, String action, Set<VmState> allowed, boolean idleOnly, Function<InstanceEntity, T> change) {
        return db.write(s -> {
            InstanceEntity i = s.createSelectionQuery("from InstanceEntity i where i.uuid = :u", InstanceEntity.class)
                    .setParameter("u", uuid).setLockMode(LockModeType.PESSIMISTIC_WRITE).uniqueResult();
            if (i == null) {
                throw ApiException.notFound("Instance " + uuid + " could not be found.");
            }
            if (allowed != null && !allowed.contains(i.vmState())) {
                throw ApiException.conflict("Cannot '" + action + "' instance " + uuid + " while it is in vm_state "
                        + i.vmState().id());
            }
            if (idleOnly && i.taskState() != null) {
                throw ApiException.conflict("Cannot '" + action + "' instance " + uuid + " while it is in task_state "
                        + i.taskState());
            }
            T result = change.apply(i);
            i.touch(clock.instant());
            return result;
        });
    }
}
