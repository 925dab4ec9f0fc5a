package org.novalab.api.persistence;

import java.nio.file.Path;

/** Where the database lives: an H2 file under the state dir by default, any JDBC URL (PostgreSQL) otherwise. */
public record DatabaseConfig(String url, String user, String password) {
    /**
     * The H2 file {@code <state>/novalab-db.mv.db}. AUTO_SERVER lets a second process (H2's Shell, a benchmark's
     * seeding step) open the same database while the server holds it, through the server's own H2 TCP port.
     */
    public static DatabaseConfig embedded(Path stateDir) {
        return new DatabaseConfig(embeddedUrl(stateDir), "sa", "");
    }

    public static String embeddedUrl(Path stateDir) {
        Path file = stateDir.toAbsolutePath().resolve("novalab-db");
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE";
    }

    /** A URL given by the user; credentials may ride in the URL or come from NOVALAB_DB_USER/PASSWORD. */
    public static DatabaseConfig of(String url, String user, String password) {
        return new DatabaseConfig(url, user == null ? "" : user, password == null ? "" : password);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + url + "]";
    }
}
