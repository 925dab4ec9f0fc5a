package org.novalab.compute.state;

import java.util.Set;

/**
 * The power actions of {@code POST /servers/{id}/action}: where each may start (the API checks it, as Nova's
 * {@code check_instance_state} does), the task state it runs under, and where it leaves the instance (the compute
 * host records it).
 */
public enum PowerAction {
    STOP("stop", TaskState.POWERING_OFF, Set.of(VmState.ACTIVE, VmState.ERROR), VmState.STOPPED, PowerState.SHUTDOWN),
    START("start", TaskState.POWERING_ON, Set.of(VmState.STOPPED), VmState.ACTIVE, PowerState.RUNNING),
    REBOOT("reboot", TaskState.REBOOTING, Set.of(VmState.ACTIVE), VmState.ACTIVE, PowerState.RUNNING);

    private final String verb;
    private final TaskState taskState;
    private final Set<VmState> allowedFrom;
    private final VmState resultState;
    private final PowerState resultPower;

    PowerAction(String verb, TaskState taskState, Set<VmState> allowedFrom, VmState resultState, PowerState resultPower) {
        this.verb = verb;
        this.taskState = taskState;
        this.allowedFrom = allowedFrom;
        this.resultState = resultState;
        this.resultPower = resultPower;
    }

    public String verb() {
        return verb;
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
