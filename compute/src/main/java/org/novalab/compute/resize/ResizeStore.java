package org.novalab.compute.resize;

import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;

/**
 * What a compute host records of a resize (Nova's conductor: the instance and its migration). Each change names the
 * task state the instance must still be in, as the {@code InstanceStore}'s do, and returns false (changing
 * nothing) when it lost it (the server is being deleted).
 */
public interface ResizeStore {
    /** The task moves on ({@code resize_prep} to {@code resize_migrating}...) and the migration's status with it. */
    boolean advance(ResizeRequest resize, TaskState expected, TaskState next, String migrationStatus);

    /** Done: vm_state resized (status VERIFY_RESIZE), the new flavor, the migration {@code finished}. */
    boolean finished(ResizeRequest resize, TaskState expected, PowerState power);

    /**
     * Failed before the disk changed (Nova's {@code InstanceFaultRollback}): the server back in the state it had, with
     * its old flavor and a fault that says why; the migration {@code error}.
     */
    boolean rolledBack(ResizeRequest resize, TaskState expected, PowerState power, String why);

    /** Failed after: vm_state error with a fault; the migration {@code error}. */
    boolean failed(ResizeRequest resize, TaskState expected, String why);

    /** Confirmed: active (or stopped, as it was), the migration {@code confirmed}. */
    boolean confirmed(ResizeRequest resize, PowerState power);

    /** Reverted: the old flavor, active (or stopped), the migration {@code reverted}. */
    boolean reverted(ResizeRequest resize, PowerState power);

    /**
     * A live migration done (Nova's {@code post_live_migration_at_destination}): the instance on the destination, in
     * its zone, ACTIVE (PAUSED when its guest is), no task; the migration {@code completed}.
     */
    boolean liveMigrated(ResizeRequest migration, PowerState power);

    /**
     * A live migration that did not happen (Nova's {@code _rollback_live_migration}): the instance on its own host as
     * it was, no task, with a fault that says why; the migration {@code error}.
     */
    boolean liveMigrationFailed(ResizeRequest migration, String why);

    /** The resize the instance is in the middle of or waiting with (its latest unfinished migration), if any. */
    Optional<Pending> pending(UUID instance);

    /** A resize as the database has it: the request, and the migration's status ({@code confirming}...). */
    record Pending(ResizeRequest request, String migrationStatus) {
    }
}
