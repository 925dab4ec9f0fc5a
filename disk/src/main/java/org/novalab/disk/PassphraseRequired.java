package org.novalab.disk;

/** An encrypted image was opened or created without a passphrase. */
public class PassphraseRequired extends DiskException {
    public PassphraseRequired(String message) {
        super(message);
    }

    public PassphraseRequired(String message, Throwable cause) {
        super(message, cause);
    }
}
