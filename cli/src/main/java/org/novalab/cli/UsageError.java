package org.novalab.cli;

/** A command line that cannot be carried out as written; printed as "novalab: MESSAGE" with exit status 2. */
public class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
