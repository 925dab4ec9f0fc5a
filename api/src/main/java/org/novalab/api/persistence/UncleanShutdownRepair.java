package org.novalab.api.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.novalab.io.AtomicFiles;
import org.novalab.io.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the server that held the embedded database was killed (kill -9, the OOM killer, a power cut), the H2 file
 * is rebuilt from the rows it shows as committed before anything else opens it. H2's MVStore can come back from a
 * kill with a row whose lock still names a transaction that no longer exists; every later write of that row then
 * spins forever (CrashIT saw a server delete and a restart hang; a kill -9 probe of H2 alone left such a file after
 * a few dozen kills). A dump ({@code SCRIPT}) reads the committed rows, locks play no part in a read, and a fresh
 * file loaded from it ({@code RUNSCRIPT}) has no lock at all.
 *
 * <p>Whether the last server closed the file is a marker beside it, made when a server opens the database and
 * removed once it closed it. The new file is built in a private directory and renamed over the old one, so a kill
 * during the repair leaves the old file and the marker: the next start repairs again.
 */
final class UncleanShutdownRepair {
    private static final Logger LOG = LoggerFactory.getLogger(UncleanShutdownRepair.class);
    static final String MARKER = EmbeddedDatabase.NAME + ".open";
    static final String WORK_DIR = EmbeddedDatabase.NAME + ".repair";

    private UncleanShutdownRepair() {
    }

    /** Repairs the file if the last server did not close it, then marks it open for this one. */
    static void beforeOpen(Path stateDir, DatabaseConfig db) {
        Path marker = stateDir.resolve(MARKER);
        Path file = stateDir.resolve(EmbeddedDatabase.FILE);
        try {
            if (Files.exists(marker) && Files.size(file) > 0) {
                rebuild(stateDir, db);
            }
            try {
                Files.createFile(marker);
            } catch (FileAlreadyExistsException stillThere) {
                // a repaired file, or one that needed none: the marker stands for this server now
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair the database in " + stateDir + ": " + e.getMessage(), e);
        }
    }

    /** The server closed the database: the next start opens it as it is. */
    static void afterClose(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(MARKER));
        } catch (IOException e) {
            LOG.warn("cannot remove {}: the next start repairs a database that needs no repair", MARKER, e);
        }
    }

    private static void rebuild(Path stateDir, DatabaseConfig db) throws IOException {
        long start = System.nanoTime();
        Path work = stateDir.resolve(WORK_DIR);
        FileTrees.delete(work);
        // the dump holds every row in the clear, as the file does: only the owner may enter where it is written
        Files.createDirectory(work, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dump = work.resolve("dump.sql");
        String fresh = EmbeddedDatabase.url(work);
        try {
            run(db.url(), db, "SCRIPT TO '" + sqlPath(dump) + "'");
            run(fresh, db, "RUNSCRIPT FROM '" + sqlPath(dump) + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("the database in " + stateDir + " was not closed by the last server and "
                    + "cannot be rebuilt from its committed rows: " + e.getMessage(), e);
        }
        Path rebuilt = work.resolve(EmbeddedDatabase.FILE);
        Files.setPosixFilePermissions(rebuilt, AtomicFiles.OWNER_ONLY);
        Files.move(rebuilt, stateDir.resolve(EmbeddedDatabase.FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        FileTrees.delete(work);
        LOG.warn("the database was not closed by the last server (killed?): rebuilt from its committed rows in {} ms",
                (System.nanoTime() - start) / 1_000_000);
    }

    /** One statement on its own connection: the last connection to close closes the file. */
    private static void run(String url, DatabaseConfig db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String sqlPath(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }
}
