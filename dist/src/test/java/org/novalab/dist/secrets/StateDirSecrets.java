package org.novalab.dist.secrets;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.api.keys.PassphraseEntity;
import org.novalab.api.persistence.Database;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.disk.Passphrase;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.MasterKey;
import org.novalab.keys.SealedSecret;
import org.novalab.keys.SecretOwner;

/**
 * What a stopped server's state dir says about its passphrases, opened in the test's JVM the way any host of the
 * deployment opens them: the master key file and the {@code passphrases} table's ciphertext. The server never
 * hands a passphrase to the test, so the test's knowing them puts nothing into the server's memory.
 */
final class StateDirSecrets {
    private StateDirSecrets() {
    }

    /** The passphrase of every instance's root disk, by instance uuid; the caller closes them. */
    static Map<UUID, Passphrase> rootDiskPassphrases(Path state) {
        Map<UUID, Passphrase> out = new LinkedHashMap<>();
        try (Database db = Database.open(DatabaseConfig.embedded(state), List.of(PassphraseEntity.class), 2)) {
            HibernateSecretStore store = new HibernateSecretStore(db);
            EmbeddedKeyManager keys = new EmbeddedKeyManager(MasterKey.load(state.resolve(MasterKey.FILE_NAME)),
                    store, new SecureRandom(), Clock.systemUTC());
            for (SealedSecret s : store.all()) {
                if (s.owner().kind() == SecretOwner.Kind.INSTANCE_ROOT_DISK) {
                    out.put(UUID.fromString(s.owner().id()), keys.get(s.id()));
                }
            }
        }
        return out;
    }
}
