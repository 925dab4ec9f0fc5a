package org.novalab.api.compute;

/** Nova's task_state values novalab passes through. */
public final class TaskState {
    public static final String SCHEDULING = "scheduling";
    public static final String SPAWNING = "spawning";
    public static final String POWERING_OFF = "powering-off";
    public static final String POWERING_ON = "powering-on";
    public static final String REBOOTING = "rebooting";
    public static final String DELETING = "deleting";

    private TaskState() {
    }
}
