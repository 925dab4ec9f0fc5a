package org.novalab.api.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.novalab.api.persistence.DatabaseConfig;

/**
 * What must hold before a server creates anything: the port is free, the state dir can be made and written, a
 * database given by URL answers. Each failure is one {@link StartupError} line naming the option to change, and
 * a fresh state dir stays uncreated. (The port can still be taken between this check and the listen; the listen
 * then fails with the same line.)
 */
final class StartupChecks {
    private static final int DATABASE_TIMEOUT_SECONDS = 10;

    private StartupChecks() {
    }

    static void run(ServerConfig config) {
        portIsFree(config.hostSettings().listenAddress(), config.port());
        stateDirIsWritable(config.stateDir());
        databaseAnswers(config.database());
    }

    static StartupError portInUse(int port) {
        return new StartupError("port " + port + " is in use (--port / NOVALAB_PORT)");
    }

    private static void portIsFree(String listenAddress, int port) {
        if (port == 0) {
            return;
        }
        // bound the way the listeners bind (osapi_compute_listen, address reuse on), then released at once
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(listenAddress, port));
        } catch (BindException e) {
            throw portInUse(port);
        } catch (IOException e) {
            throw new StartupError("cannot listen on port " + port + ": " + e.getMessage() + " (--port / NOVALAB_PORT)");
        }
    }

    private static void stateDirIsWritable(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String hint = " (--state / NOVALAB_STATE)";
        if (existing == null) {
            throw new StartupError("state dir " + stateDir + " cannot be created" + hint);
        }
        if (!Files.isDirectory(existing)) {
            throw new StartupError("state dir " + stateDir + " cannot be created: " + existing
                    + " is not a directory" + hint);
        }
        if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
            throw new StartupError(existing.equals(dir) ? "state dir " + stateDir + " is not writable" + hint
                    : "state dir " + stateDir + " cannot be created: " + existing + " is not writable" + hint);
        }
    }

    /** The embedded database lives in the state dir and is made there; one given by URL must answer now. */
    private static void databaseAnswers(DatabaseConfig database) {
        if (database.embeddedIn().isPresent()) {
            return;
        }
        DriverManager.setLoginTimeout(DATABASE_TIMEOUT_SECONDS);
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            c.isValid(DATABASE_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw new StartupError("database " + withoutSecrets(database.url()) + " is unreachable: "
                    + firstLine(e.getMessage()) + " (--db-url / NOVALAB_DB_URL, NOVALAB_DB_USER, NOVALAB_DB_PASSWORD)");
        }
    }

    /** A JDBC URL may carry credentials in its parameters ({@code ?user=..&password=..}): those are not shown. */
    static String withoutSecrets(String url) {
        int parameters = url.indexOf('?');
        String base = parameters < 0 ? url : url.substring(0, parameters);
        // H2 and others take ;KEY=VALUE settings, PASSWORD among them
        int settings = base.indexOf(';');
        return settings < 0 ? base : base.substring(0, settings);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no answer";
        }
        String line = message.strip().lines().findFirst().orElse("no answer");
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
