package org.novalab.disk;

/** A LUKS passphrase that unlocks no key slot (QEMU: "Invalid password, cannot unlock any keyslot"). */
public class InvalidPassphrase extends DiskException {
    public InvalidPassphrase(String message) {
        super(message);
    }

    public InvalidPassphrase(String message, Throwable cause) {
        super(message, cause);
    }
}
