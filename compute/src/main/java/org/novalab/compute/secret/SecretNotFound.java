package org.novalab.compute.secret;

/** libvirt's VIR_ERR_NO_SECRET: unknown uuid, or a secret without a value. */
public class SecretNotFound extends SecretException {
    public SecretNotFound(String message) {
        super(message);
    }
}
