package org.novalab.api.compute;

import java.util.Set;

/** The power actions of {@code POST /servers/{id}/action}: where each may start and where it leaves the server. */
public enum PowerAction {
    STOP("stop", TaskState.POWERING_OFF, Set.of(VmState.ACTIVE, VmState.ERROR), VmState.STOPPED, PowerState.SHUTDOWN),
    START("start", TaskState.POWERING_ON, Set.of(VmState.STOPPED), VmState.ACTIVE, PowerState.RUNNING),
    REBOOT("reboot", TaskState.REBOOTING, Set.of(VmState.ACTIVE), VmState.ACTIVE, PowerState.RUNNING);

    private final String verb;
    private final String taskState;
    private final Set<VmState> allowedFrom;
    private final VmState resultState;
    private final int resultPower;

    PowerAction(String verb, String taskState, Set<VmState> allowedFrom, VmState resultState, int resultPower) {
        this.verb = verb;
        this.taskState = taskState;
        this.allowedFrom = allowedFrom;
        this.resultState = resultState;
        this.resultPower = resultPower;
    }

    public String verb() {
        return verb;
    }

    public String taskState() {
        return taskState;
    }

    public Set<VmState> allowedFrom() {
        return allowedFrom;
    }

    public VmState resultState() {
        return resultState;
    }

    public int resultPower() {
        return resultPower;
    }
}
