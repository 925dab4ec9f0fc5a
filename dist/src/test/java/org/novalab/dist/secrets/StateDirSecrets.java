package org.novalab.dist.secrets;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.disk.Passphrase;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.MasterKey;
import org.novalab.keys.SealedSecret;
import org.novalab.keys.SealedSecretStore;
import org.novalab.keys.SecretOwner;

/**
 * What a stopped server's state dir says about its passphrases, opened in the test's JVM the way any host of the
 * deployment opens them: the master key file, and the {@code passphrases} table's ciphertext unsealed by the
 * key manager's own code. The server never hands a passphrase to the test, so the test's knowing them puts
 * nothing into the server's memory. The rows are read over plain JDBC: bootstrapping Hibernate in the test JVM
 * would double the test's time for the same four columns.
 */
final class StateDirSecrets {
    private StateDirSecrets() {
    }

    /** The passphrase of every instance's root disk, by instance uuid; the caller closes them. */
    static Map<UUID, Passphrase> rootDiskPassphrases(Path state) throws SQLException {
        List<SealedSecret> rows = rows(state);
        EmbeddedKeyManager keys = new EmbeddedKeyManager(MasterKey.load(state.resolve(MasterKey.FILE_NAME)),
                new Rows(rows), new SecureRandom(), Clock.systemUTC());
        Map<UUID, Passphrase> out = new LinkedHashMap<>();
        for (SealedSecret s : rows) {
            if (s.owner().kind() == SecretOwner.Kind.INSTANCE_ROOT_DISK) {
                out.put(UUID.fromString(s.owner().id()), keys.get(s.id()));
            }
        }
        return out;
    }

    private static List<SealedSecret> rows(Path state) throws SQLException {
        DatabaseConfig db = EmbeddedDatabase.open(state); // with the password the server generated for itself
        List<SealedSecret> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("select id, owner_type, owner_id, ciphertext, created_at from passphrases")) {
            while (r.next()) {
                rows.add(new SealedSecret(UUID.fromString(r.getString(1)), new SecretOwner(
                        SecretOwner.Kind.fromWireName(r.getString(2)), r.getString(3)),
                        Base64.getDecoder().decode(r.getString(4)), Optional.empty(), r.getTimestamp(5).toInstant()));
            }
        }
        return rows;
    }

    /** The rows just read, as the key manager's store. */
    private record Rows(List<SealedSecret> all) implements SealedSecretStore {
        @Override
        public void save(SealedSecret secret) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public Optional<SealedSecret> find(UUID id) {
            return all.stream().filter(s -> s.id().equals(id)).findFirst();
        }

        @Override
        public List<SealedSecret> byOwner(SecretOwner owner) {
            return all.stream().filter(s -> s.owner().equals(owner)).toList();
        }

        @Override
        public boolean delete(UUID id) {
            throw new UnsupportedOperationException("read-only");
        }
    }
}
