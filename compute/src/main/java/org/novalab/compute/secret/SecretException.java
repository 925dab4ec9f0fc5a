package org.novalab.compute.secret;

import org.novalab.compute.ComputeException;

/** A secret operation refused, with libvirt's wording. */
public class SecretException extends ComputeException {
    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
