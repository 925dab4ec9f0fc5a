package org.novalab.api.persistence;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the database lives: an H2 file under the state dir by default ({@link EmbeddedDatabase}: private to the
 * server, credentials of the state dir's own, resolved when it is opened), any JDBC URL (PostgreSQL) otherwise.
 *
 * @param embeddedIn the state dir of the embedded database; empty for a database given by URL
 */
public record DatabaseConfig(String url, String user, String password, Optional<Path> embeddedIn) {
    public DatabaseConfig {
        embeddedIn = embeddedIn == null ? Optional.empty() : embeddedIn;
    }

    /** The H2 file {@code <state>/novalab-db.mv.db}; nothing is touched until it is opened. */
    public static DatabaseConfig embedded(Path stateDir) {
        return new DatabaseConfig(EmbeddedDatabase.url(stateDir), "sa", "", Optional.of(stateDir));
    }

    /** A URL given by the user; credentials may ride in the URL or come from NOVALAB_DB_USER/PASSWORD. */
    public static DatabaseConfig of(String url, String user, String password) {
        return new DatabaseConfig(url, user == null ? "" : user, password == null ? "" : password, Optional.empty());
    }

    /** The credentials to connect with: the embedded database's own, or the ones given. */
    public DatabaseConfig resolved() {
        return embeddedIn.map(EmbeddedDatabase::open).orElse(this);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + url + "]";
    }
}
