package org.novalab.compute.manager;

import java.util.List;
import java.util.UUID;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/**
 * What a compute host may change in the instances table (Nova's conductor). Every change names the task state it
 * expects, as Nova's {@code instance.save(expected_task_state=...)} does, and is made only when the row still has
 * it ({@code null}: no task at all): a change that lost (the instance is being deleted, or is gone) returns false
 * and changes nothing.
 */
public interface InstanceStore {
    /** The task moves on: {@code expected} becomes {@code next} (a build: scheduling, then spawning). */
    boolean advanceTask(UUID instance, TaskState expected, TaskState next);

    /** The task is done: no task, and the states it leaves the instance in; {@code launched} stamps launched_at. */
    boolean completeTask(UUID instance, TaskState expected, VmState vmState, PowerState powerState, boolean launched);

    /**
     * The task was refused and changed nothing: no task, the states as they were, its event an error saying why
     * (Nova's {@code reverts_task_state} under {@code wrap_instance_event}).
     */
    boolean refuseTask(UUID instance, TaskState expected, String why);

    /** The task failed: no task, vm_state error, and a fault that says why. */
    boolean failTask(UUID instance, TaskState expected, int code, String message);

    /**
     * A build that failed spawning on {@code failedHost} for a reason another host may not share (Nova's
     * RescheduledException): its failed event is finished with {@code why} and the next alternate with room is
     * claimed for it, or the instance is put in ERROR when none is left. A store that keeps no alternates retries
     * nothing.
     */
    default BuildRetry retryBuild(UUID instance, String failedHost, String why) {
        return new BuildRetry.NotRetried();
    }

    /**
     * The task failed and left the instance as it was (Nova's {@code reverts_task_state} with an instance fault, as
     * a failed snapshot does): no task, the given states, a fault and a failed event; the vm_state is not error.
     */
    default boolean revertTask(UUID instance, TaskState expected, VmState vmState, PowerState powerState, int code,
                               String message) {
        return completeTask(instance, expected, vmState, powerState, false);
    }

    /** The instance is gone from the host: its row and faults go too, if it is still being deleted. */
    void remove(UUID instance);

    /** The instances placed on {@code host} (Nova's {@code init_host} starts from these). */
    List<InstanceRecord> onHost(String host);

    /**
     * Whether the database has the instance at all, on whichever host: a directory of one this host does not hold
     * is a stale copy (its passphrase stays), of one nobody has a leftover (its passphrase goes with it).
     */
    boolean knows(UUID instance);

    /**
     * Whether the instance was deleted (the database recorded it as terminated): a domain of one that still runs
     * here was left by a delete made while this host was down, and goes (Nova's
     * {@code running_deleted_instance_action = reap}).
     */
    default boolean wasDeleted(UUID instance) {
        return false;
    }

    /** A migration's status as the host that carries it out records it ({@code done}, {@code error}). */
    default void migrationStatus(UUID migration, String status) {
    }
}
