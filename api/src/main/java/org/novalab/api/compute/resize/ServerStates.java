package org.novalab.api.compute.resize;

import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.http.ApiException;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/**
 * Nova's {@code check_instance_state} for the move actions, with its 409s ("Cannot 'resize' instance ... while it
 * is in vm_state error", "... in task_state resize_prep"), and the guarded start of the action's task.
 */
final class ServerStates {
    private ServerStates() {
    }

    static void require(InstanceEntity i, String action, Set<VmState> allowed) {
        if (!allowed.contains(i.vmState())) {
            throw ApiException.conflict("Cannot '" + action + "' instance " + i.uuid() + " while it is in vm_state "
                    + i.vmState().id());
        }
        if (i.taskState() != null) {
            throw ApiException.conflict("Cannot '" + action + "' instance " + i.uuid() + " while it is in task_state "
                    + i.taskState());
        }
        if (i.host() == null) {
            throw ApiException.conflict("Cannot '" + action + "' instance " + i.uuid() + ": it was never placed on a "
                    + "compute host");
        }
    }

    /** Sets the task where the server still has none (a concurrent request gets the same 409 as if it had come first). */
    static void begin(HibernateInstanceStore instances, InstanceEntity i, String action, Set<VmState> allowed,
            TaskState task) {
        HibernateInstanceStore.Refusal refusal = instances.beginTask(UUID.fromString(i.uuid()), allowed, task);
        switch (refusal) {
            case NONE -> {
            }
            case GONE -> throw ApiException.notFound("Instance " + i.uuid() + " could not be found.");
            default -> {
                require(instances.find(UUID.fromString(i.uuid())).orElseThrow(), action, allowed);
                throw ApiException.conflict("Cannot '" + action + "' instance " + i.uuid() + ": another request "
                        + "changed it meanwhile");
            }
        }
    }
}
