package org.novalab.compute.state;

import java.util.Set;

/**
 * The power actions of {@code POST /servers/{id}/action}: where each may start (the API checks it, as Nova's
 * {@code check_instance_state} does), the task state it runs under, and where it leaves the instance (the compute
 * host records it).
 */
public enum PowerAction {
    STOP("stop", "stop", TaskState.POWERING_OFF, Set.of(VmState.ACTIVE, VmState.ERROR), VmState.STOPPED, PowerState.SHUTDOWN),
    START("start", "start", TaskState.POWERING_ON, Set.of(VmState.STOPPED), VmState.ACTIVE, PowerState.RUNNING),
    /** A soft reboot: Nova's {@code ALLOW_SOFT_REBOOT}, active only. */
    REBOOT("reboot", "reboot", TaskState.REBOOTING, Set.of(VmState.ACTIVE), VmState.ACTIVE, PowerState.RUNNING),
    /**
     * A hard reboot (Nova's {@code ALLOW_HARD_REBOOT}): the guest boots again whatever it was doing, a paused or a
     * suspended one too (its saved memory is discarded), a stopped one or one in error.
     */
    HARD_REBOOT("reboot", "reboot", TaskState.REBOOTING_HARD, Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED,
            VmState.SUSPENDED, VmState.ERROR), VmState.ACTIVE, PowerState.RUNNING),
    /**
     * A delete with {@code reclaim_instance_interval}: Nova's libvirt driver has no soft delete of its own, so its
     * manager powers the guest off and keeps everything else. The API takes its task state from any state.
     */
    SOFT_DELETE("soft_delete", "delete", TaskState.SOFT_DELETING, Set.of(VmState.values()), VmState.SOFT_DELETED,
            PowerState.SHUTDOWN),
    /** Undoes a soft delete: the guest is powered on again (Nova's fallback for drivers without restore). */
    RESTORE("restore", "restore", TaskState.RESTORING, Set.of(VmState.SOFT_DELETED), VmState.ACTIVE, PowerState.RUNNING),
    /** {@code virDomainSuspend}: the guest stops where it is, its memory kept in the running domain. */
    PAUSE("pause", "pause", TaskState.PAUSING, Set.of(VmState.ACTIVE), VmState.PAUSED, PowerState.PAUSED),
    /** {@code virDomainResume}: the paused guest carries on. */
    UNPAUSE("unpause", "unpause", TaskState.UNPAUSING, Set.of(VmState.PAUSED), VmState.ACTIVE, PowerState.RUNNING),
    /**
     * {@code virDomainManagedSave}: the guest's memory goes to disk and the domain stops, so libvirt reports it shut
     * off and Nova shows power state 4 (shutdown).
     */
    SUSPEND("suspend", "suspend", TaskState.SUSPENDING, Set.of(VmState.ACTIVE), VmState.SUSPENDED, PowerState.SHUTDOWN),
    /** {@code virDomainCreate} of a domain with a managed save image: the guest carries on from where it was saved. */
    RESUME("resume", "resume", TaskState.RESUMING, Set.of(VmState.SUSPENDED), VmState.ACTIVE, PowerState.RUNNING);

    private final String verb;
    private final String instanceAction;
    private final TaskState taskState;
    private final Set<VmState> allowedFrom;
    private final VmState resultState;
    private final PowerState resultPower;

    PowerAction(String verb, String instanceAction, TaskState taskState, Set<VmState> allowedFrom, VmState resultState,
                PowerState resultPower) {
        this.verb = verb;
        this.instanceAction = instanceAction;
        this.taskState = taskState;
        this.allowedFrom = allowedFrom;
        this.resultState = resultState;
        this.resultPower = resultPower;
    }

    public String verb() {
        return verb;
    }

    /** The instance action Nova records it as ({@code os-instance-actions}): a soft delete is a {@code delete}. */
    public String instanceAction() {
        return instanceAction;
    }

    public TaskState taskState() {
        return taskState;
    }

    public Set<VmState> allowedFrom() {
        return allowedFrom;
    }

    public VmState resultState() {
        return resultState;
    }

    public PowerState resultPower() {
        return resultPower;
    }
}
