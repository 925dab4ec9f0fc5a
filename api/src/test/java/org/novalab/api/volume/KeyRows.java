package org.novalab.api.volume;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;

/** The key manager's table as an operator sees it: how many passphrases a volume owns. */
final class KeyRows {
    private KeyRows() {
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
