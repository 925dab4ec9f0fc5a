package org.novalab.compute;

/** libvirt refused an operation; the message is libvirt's own. */
public class HypervisorError extends ComputeException {
    public HypervisorError(String message) {
        super(message);
    }

    public HypervisorError(String message, Throwable cause) {
        super(message, cause);
    }
}
