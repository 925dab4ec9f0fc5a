package org.novalab.keys;

import java.util.UUID;

/** No secret with that id (Castellan's ManagedObjectNotFoundError). */
public class ManagedSecretNotFound extends KeyManagerException {
    public ManagedSecretNotFound(UUID id) {
        super("no stored passphrase for secret " + id);
    }
}
