package org.novalab.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.Database;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.server.NovalabServer;
import org.novalab.disk.Passphrase;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.KeyManager;
import org.novalab.keys.MasterKey;
import org.novalab.keys.SecretOwner;
import org.novalab.testing.Bytes;
import org.novalab.testing.Needle;

/**
 * What Hibernate and JDBC carry for the key manager is ciphertext only: no column of the {@code passphrases}
 * table, and no statement or parameter H2 saw (its JDBC trace), holds a passphrase in any form.
 */
class HibernateSecretStoreTest {
    @TempDir
    Path state;

    @Test
    void the_database_sees_ciphertext_only_in_its_rows_and_in_every_statement_and_parameter() throws Exception {
        String url = "jdbc:h2:file:" + state.toAbsolutePath().resolve("novalab-db") + ";TRACE_LEVEL_FILE=3";
        DatabaseConfig db = DatabaseConfig.of(url, "sa", "");
        List<byte[]> passphrases = new ArrayList<>();
        try (Database database = Database.open(db, NovalabServer.ENTITIES, 4)) {
            KeyManager keys = new EmbeddedKeyManager(MasterKey.loadOrCreate(state.resolve(MasterKey.FILE_NAME),
                    new SecureRandom()), new HibernateSecretStore(database), new SecureRandom(), Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                SecretOwner owner = SecretOwner.rootDisk(UUID.randomUUID());
                try (KeyManager.NewSecret s = keys.create(owner); Passphrase back = keys.get(s.id())) {
                    assertThat(back.matches(s.passphrase())).isTrue();
                    passphrases.add(s.passphrase().bytes());
                    assertThat(keys.list(owner)).hasSize(1);
                }
            }
        }

        byte[] rows = everyColumnOfEveryRow(db);
        byte[] trace = jdbcTrace();
        assertThat(new String(trace, StandardCharsets.UTF_8)).as("H2 traced the statements and their parameters")
                .containsIgnoringCase("insert into passphrases").contains(ciphertextOfARow(db));
        for (byte[] p : passphrases) {
            for (Needle n : Needle.formsOf("passphrase", p)) {
                assertThat(Bytes.indexOf(rows, n.bytes())).as("%s in a row", n).isNegative();
                assertThat(Bytes.indexOf(trace, n.bytes())).as("%s in a statement or parameter", n).isNegative();
            }
        }
    }

    private static byte[] everyColumnOfEveryRow(DatabaseConfig db) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet r = c.createStatement().executeQuery("SELECT * FROM passphrases")) {
            ResultSetMetaData meta = r.getMetaData();
            int rows = 0;
            while (r.next()) {
                rows++;
                for (int col = 1; col <= meta.getColumnCount(); col++) {
                    all.writeBytes(String.valueOf(r.getObject(col)).getBytes(StandardCharsets.UTF_8));
                    all.write('\n');
                }
            }
            assertThat(rows).isEqualTo(3);
        }
        return all.toByteArray();
    }

    private static String ciphertextOfARow(DatabaseConfig db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet r = c.createStatement().executeQuery("SELECT ciphertext FROM passphrases")) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }

    private byte[] jdbcTrace() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(state)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".trace.db")).toList()) {
                all.writeBytes(Files.readAllBytes(f));
            }
        }
        return all.toByteArray();
    }

}
