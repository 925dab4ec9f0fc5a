package org.novalab.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.Database;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.api.server.NovalabServer;
import org.novalab.disk.Passphrase;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.LegacySealing;
import org.novalab.keys.MasterKey;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;

/**
 * A database of the version before secrets had owners (V2: one passphrase row per instance disk, with a foreign
 * key to the instance) moves to the key manager's table (V3) without losing a row: the passphrase still opens,
 * now as the secret of the instance's root disk, is sealed again bound to its owner, and no longer goes with the
 * instance row.
 */
class PassphraseMigrationTest {
    @TempDir
    Path state;

    @Test
    void a_version_two_passphrase_row_moves_to_its_owner_and_still_opens() throws Exception {
        DatabaseConfig db = EmbeddedDatabase.open(state);
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                .target("2").load().migrate();
        SecretKey master = MasterKey.loadOrCreate(state.resolve(MasterKey.FILE_NAME), new SecureRandom());
        UUID instance = UUID.randomUUID();
        UUID secret = UUID.randomUUID();
        String disk = state.resolve(instance.toString()).resolve("disk").toString();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            c.createStatement().execute("SET REFERENTIAL_INTEGRITY FALSE"); // the instance row itself is not needed
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO passphrases (id, instance_uuid, disk_path,"
                    + " secret_uuid, ciphertext, created_at) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, instance.toString());
                insert.setString(3, disk);
                insert.setString(4, secret.toString());
                insert.setString(5, Base64.getEncoder().encodeToString(
                        LegacySealing.seal(master, instance, disk, secret, "123456")));
                insert.executeUpdate();
            }
        }

        try (Database migrated = Database.open(db, NovalabServer.ENTITIES, 4)) {
            EmbeddedKeyManager keys = new EmbeddedKeyManager(master, new HibernateSecretStore(migrated),
                    new SecureRandom(), Clock.systemUTC());
            assertThat(keys.list(SecretOwner.rootDisk(instance))).extracting(SecretMetadata::id).containsExactly(secret);
            try (Passphrase p = keys.get(secret)) {
                assertThat(new String(p.bytes(), StandardCharsets.US_ASCII)).isEqualTo("123456");
            }
            assertThat(keys.resealLegacySecrets().resealed()).isEqualTo(1);
            assertThat(keys.resealLegacySecrets().resealed()).as("once sealed again, nothing is left to do").isZero();
            try (Passphrase p = keys.get(secret)) {
                assertThat(new String(p.bytes(), StandardCharsets.US_ASCII)).isEqualTo("123456");
            }
        }
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet row = c.createStatement().executeQuery(
                     "SELECT id, owner_type, owner_id, legacy_disk_path FROM passphrases")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("id")).isEqualTo(secret.toString());
            assertThat(row.getString("owner_type")).isEqualTo("instance-root-disk");
            assertThat(row.getString("owner_id")).isEqualTo(instance.toString());
            assertThat(row.getString("legacy_disk_path")).isNull();
            assertThat(row.next()).isFalse();
        }
    }
}
