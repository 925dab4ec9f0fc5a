package org.novalab.api.server;

/**
 * A server that cannot start for a reason the operator can fix (port taken, state dir not writable, database
 * unreachable): its message is the one line {@code novalab serve} prints, with the option that changes it.
 */
public final class StartupError extends RuntimeException {
    public StartupError(String message) {
        super(message);
    }
}
