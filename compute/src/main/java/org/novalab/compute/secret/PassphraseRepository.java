package org.novalab.compute.secret;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where passphrase rows live. Two implementations: {@link FilePassphraseRepository} (one JSON file, for the lab and
 * tests) and the api module's database table, whose rows reference the instance's disk by foreign key.
 */
public interface PassphraseRepository {
    void save(PassphraseRecord record);

    Optional<PassphraseRecord> findBySecret(UUID secretUuid);

    List<PassphraseRecord> findByInstance(UUID instanceUuid);

    /** Deletes the instance's rows; returns how many. */
    int deleteByInstance(UUID instanceUuid);

    List<PassphraseRecord> all();
}
