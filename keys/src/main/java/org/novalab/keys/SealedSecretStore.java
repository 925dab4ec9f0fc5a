package org.novalab.keys;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where sealed secrets are kept. Two implementations: {@link FileSecretStore} (one JSON file, for the lab, the
 * compute CLI and tests) and the api module's {@code passphrases} table, which every host of a deployment shares.
 */
public interface SealedSecretStore {
    /** Inserts, or replaces the row with the same id. */
    void save(SealedSecret secret);

    Optional<SealedSecret> find(UUID id);

    List<SealedSecret> byOwner(SecretOwner owner);

    /** True when a row went. */
    boolean delete(UUID id);

    List<SealedSecret> all();
}
