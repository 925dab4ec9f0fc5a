package org.novalab.compute;

/** The root of the compute driver's errors. Messages say what failed and why; they never carry a secret. */
public class ComputeException extends RuntimeException {
    public ComputeException(String message) {
        super(message);
    }

    public ComputeException(String message, Throwable cause) {
        super(message, cause);
    }
}
