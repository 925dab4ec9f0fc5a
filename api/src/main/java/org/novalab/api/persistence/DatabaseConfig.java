package org.novalab.api.persistence;

import java.nio.file.Path;

/** Where the database lives: an H2 file under the state dir by default, any JDBC URL (PostgreSQL) otherwise. */
public record DatabaseConfig(String url, String user, String password) {
    public static DatabaseConfig embedded(Path stateDir) {
        Path file = stateDir.toAbsolutePath().resolve("novalab-db");
        return new DatabaseConfig("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
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
