package org.novalab.api.volume;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;

/** The key manager's table as an operator sees it: the passphrases a volume owns, opened with the master key. */
final class KeyRows {
    private KeyRows() {
    }

    /**
     * The passphrase the key manager keeps for the volume, unsealed with the state dir's master key, as a compute
     * host does before it hands the volume to QEMU; the caller closes it.
     */
    static org.novalab.disk.Passphrase passphraseOf(Path state, String volumeId) throws Exception {
        DatabaseConfig db = EmbeddedDatabase.open(state);
        String id;
        String ciphertext;
        java.time.Instant created;
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement q = c.prepareStatement("SELECT id, ciphertext, created_at FROM passphrases "
                     + "WHERE owner_type = 'volume' AND owner_id = ?")) {
            q.setString(1, volumeId);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("volume " + volumeId + " owns no passphrase");
                }
                id = rows.getString(1);
                ciphertext = rows.getString(2);
                created = rows.getObject(3, java.time.OffsetDateTime.class).toInstant();
            }
        }
        org.novalab.keys.SealedSecret sealed = new org.novalab.keys.SealedSecret(java.util.UUID.fromString(id),
                org.novalab.keys.SecretOwner.volume(volumeId), java.util.Base64.getDecoder().decode(ciphertext),
                java.util.Optional.empty(), created);
        org.novalab.keys.SealedSecretStore one = new org.novalab.keys.SealedSecretStore() {
            @Override
            public void save(org.novalab.keys.SealedSecret secret) {
                throw new UnsupportedOperationException("read only");
            }

            @Override
            public java.util.Optional<org.novalab.keys.SealedSecret> find(java.util.UUID wanted) {
                return wanted.equals(sealed.id()) ? java.util.Optional.of(sealed) : java.util.Optional.empty();
            }

            @Override
            public java.util.List<org.novalab.keys.SealedSecret> byOwner(org.novalab.keys.SecretOwner owner) {
                return owner.equals(sealed.owner()) ? java.util.List.of(sealed) : java.util.List.of();
            }

            @Override
            public boolean delete(java.util.UUID wanted) {
                throw new UnsupportedOperationException("read only");
            }

            @Override
            public java.util.List<org.novalab.keys.SealedSecret> all() {
                return java.util.List.of(sealed);
            }
        };
        return new org.novalab.keys.EmbeddedKeyManager(org.novalab.keys.MasterKey.load(state.resolve(
                org.novalab.keys.MasterKey.FILE_NAME)), one, new java.security.SecureRandom(),
                java.time.Clock.systemUTC()).get(sealed.id());
    }

    static long owned(Path state, String volumeId) throws Exception {
        DatabaseConfig db = EmbeddedDatabase.open(state);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement q = c.prepareStatement(
                     "SELECT COUNT(*) FROM passphrases WHERE owner_type = 'volume' AND owner_id = ?")) {
            q.setString(1, volumeId);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
