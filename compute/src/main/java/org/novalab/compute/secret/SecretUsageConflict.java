package org.novalab.compute.secret;

/** Two secrets for the same volume: libvirt refuses the second. */
public class SecretUsageConflict extends SecretException {
    public SecretUsageConflict(String message) {
        super(message);
    }
}
