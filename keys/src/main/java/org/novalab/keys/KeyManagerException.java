package org.novalab.keys;

/** The root of the key manager's errors (Castellan's KeyManagerError). Messages never carry a secret. */
public class KeyManagerException extends RuntimeException {
    public KeyManagerException(String message) {
        super(message);
    }

    public KeyManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
