package org.novalab.api.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts each identity column's next value above the largest id its table holds. After a {@code kill -9} the embedded
 * H2 keeps every committed row (WRITE_DELAY=0) but may bring an identity sequence back to an older position, and
 * the next insert then collides with a row that is there (CrashIT found it as a 500 on server create). Run at
 * start, before anything is inserted, and only on the embedded database: PostgreSQL's sequences survive crashes,
 * and other servers may be drawing from them.
 */
final class IdentityColumns {
    private IdentityColumns() {
    }

    static void realign(Connection c) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM "
                + "INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' AND IS_IDENTITY = 'YES'")) {
            while (r.next()) {
                columns.add(new String[] {r.getString(1), r.getString(2)});
            }
        }
        for (String[] column : columns) {
            String table = quoted(column[0]);
            String name = quoted(column[1]);
            long next;
            try (Statement st = c.createStatement();
                 ResultSet r = st.executeQuery("SELECT COALESCE(MAX(" + name + "), 0) + 1 FROM " + table)) {
                r.next();
                next = r.getLong(1);
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + table + " ALTER COLUMN " + name + " RESTART WITH " + next);
            }
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
