package org.novalab.compute;

import java.util.UUID;

/**
 * Nova's {@code InstanceInvalidState} from a compute host: the instance is not in the state the call needs (a
 * diagnostics of a guest that is not running); the API answers it with Nova's 409.
 */
public final class InstanceInvalidState extends ComputeException {
    private final UUID instance;
    private final String attribute;
    private final String state;
    private final String method;

    public InstanceInvalidState(UUID instance, String attribute, String state, String method) {
        super("Instance " + instance + " in " + attribute + " " + state + ". Cannot " + method
                + " while the instance is in this state.");
        this.instance = instance;
        this.attribute = attribute;
        this.state = state;
        this.method = method;
    }

    public UUID instance() {
        return instance;
    }

    public String attribute() {
        return attribute;
    }

    public String state() {
        return state;
    }

    public String method() {
        return method;
    }

    /** Nova's API words for it ({@code raise_http_conflict_for_instance_invalid_state}). */
    public String conflictMessage() {
        return "Cannot '" + method + "' instance " + instance + " while it is in " + attribute + " " + state;
    }
}
