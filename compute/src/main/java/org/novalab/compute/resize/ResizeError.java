package org.novalab.compute.resize;

import org.novalab.compute.ComputeException;

/**
 * Nova's {@code ResizeError}: the host cannot resize the instance (its root disk would shrink). Raised before
 * anything is touched, so the instance goes back to the state it had, as Nova's {@code InstanceFaultRollback} does.
 */
public final class ResizeError extends ComputeException {
    public ResizeError(String reason) {
        super("Resize error: " + reason);
    }
}
