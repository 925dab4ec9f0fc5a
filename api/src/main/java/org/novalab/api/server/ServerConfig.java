package org.novalab.api.server;

import java.nio.file.Path;
import java.time.Duration;
import org.novalab.api.persistence.DatabaseConfig;

/**
 * How a novalab server runs: state dir (database, pool, instances), port (0 picks a free one), database,
 * hypervisor URI, admin password (null: generated and printed once on first start), token lifetime, build pool.
 */
public record ServerConfig(Path stateDir, int port, DatabaseConfig database, String hypervisorUri,
        String adminPassword, Duration tokenTtl, int buildThreads, int buildQueue, long bodyLimitBytes) {

    public static final String DEFAULT_HYPERVISOR = "test:///default";

    public static ServerConfig embedded(Path stateDir, int port) {
        return new ServerConfig(stateDir, port, DatabaseConfig.embedded(stateDir), DEFAULT_HYPERVISOR, null,
                Duration.ofHours(1), 4, 1000, 1 << 20);
    }

    public ServerConfig withAdminPassword(String password) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, password, tokenTtl, buildThreads, buildQueue,
                bodyLimitBytes);
    }

    public ServerConfig withTokenTtl(Duration ttl) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, ttl, buildThreads, buildQueue,
                bodyLimitBytes);
    }

    public ServerConfig withDatabase(DatabaseConfig db) {
        return new ServerConfig(stateDir, port, db, hypervisorUri, adminPassword, tokenTtl, buildThreads, buildQueue,
                bodyLimitBytes);
    }

    public ServerConfig withHypervisorUri(String uri) {
        return new ServerConfig(stateDir, port, database, uri, adminPassword, tokenTtl, buildThreads, buildQueue,
                bodyLimitBytes);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(stateDir, newPort, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes);
    }

    @Override
    public String toString() {
        return "ServerConfig[state=" + stateDir + ", port=" + port + ", " + database + ", hypervisor=" + hypervisorUri
                + "]";
    }
}
