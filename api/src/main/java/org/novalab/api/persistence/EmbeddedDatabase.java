package org.novalab.api.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import org.novalab.io.AtomicFiles;

/**
 * The H2 file database of a state dir, private to the server that holds it: no network listener (another
 * process cannot reach it through H2's TCP port), every commit written before it returns, the file readable by
 * its owner only, and a password of the state dir's own ({@code db.password}, 0600) instead of H2's empty default.
 * A database of an earlier version, opened with the empty password, gets its own password on first open.
 */
public final class EmbeddedDatabase {
    public static final String NAME = "novalab-db";
    static final String FILE = NAME + ".mv.db";
    static final String PASSWORD_FILE = "db.password";
    private static final String USER = "sa";

    private EmbeddedDatabase() {
    }

    /**
     * No {@code AUTO_SERVER}; {@code WRITE_DELAY=0}: a commit is in the file (the OS's page cache) before it
     * returns, so an answer the API gave survives the process being killed; no trace file beside it.
     */
    static String url(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.toAbsolutePath().resolve(NAME) + ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0";
    }

    /** The credentials to open the state dir's database with; the file is made private first. */
    public static DatabaseConfig open(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Path file = stateDir.resolve(FILE);
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, AtomicFiles.OWNER_ONLY);
            } else {
                // H2 takes an empty file as a new database and keeps its mode: it is private from its first byte
                Files.createFile(file, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY));
            }
            String password = password(stateDir.resolve(PASSWORD_FILE));
            String url = url(stateDir);
            adoptPassword(url, password);
            return DatabaseConfig.of(url, USER, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the database in " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private static String password(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            AtomicFiles.write(file, Base64.getEncoder().encode(random), AtomicFiles.OWNER_ONLY);
        }
        if (!AtomicFiles.OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            throw new IllegalStateException("refusing " + file + ": it must be readable by its owner only (0600)");
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    /**
     * A database that still has H2's empty password (made by an earlier version, or a crash between writing the
     * password file and setting it) takes the state dir's; a new one is created with it by the first connection.
     */
    private static void adoptPassword(String url, String password) {
        try (Connection c = DriverManager.getConnection(url, USER, password)) {
            return;
        } catch (SQLException wrong) {
            // fall through: perhaps the empty password of an earlier version
        }
        try (Connection c = DriverManager.getConnection(url, USER, "")) {
            try (var s = c.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?")) {
                s.setString(1, password);
                s.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database " + url + " with the state dir's password "
                    + "(db.password) nor with H2's empty default: " + e.getMessage(), e);
        }
    }
}
