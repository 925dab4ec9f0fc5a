package org.novalab.compute;

/** Encryption was requested where this backend or host cannot provide it. */
public class EncryptionNotSupported extends ComputeException {
    public EncryptionNotSupported(String message) {
        super(message);
    }
}
