package org.novalab.api.config;

import static org.novalab.api.config.NovalabOptions.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.server.ServerConfig;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.rpc.bus.RabbitSettings;
import org.novalab.compute.rpc.bus.TransportUrl;

/**
 * The effective configuration as the {@link ServerConfig} a server runs with, and the rules between options that
 * no single value shows (instances_path is state_path, a cast waits for the broker as long as a call waits for its answer, ...).
 */
public final class ServerConfigs {
    /** Names under instances_path that are not the image cache's. */
    private static final Set<String> TAKEN = Set.of("locks", "pool", "compute_nodes", ".", "..");

    private ServerConfigs() {
    }

    /** @param env for NOVALAB_DB_USER / NOVALAB_DB_PASSWORD, the credentials a connection URL may leave out */
    public static ServerConfig from(EffectiveConfig c, Map<String, String> env) {
        Path stateDir = Path.of(nonBlank(c, STATE_PATH));
        Path instances = Path.of(nonBlank(c, INSTANCES_PATH));
        if (!instances.toAbsolutePath().normalize().equals(stateDir.toAbsolutePath().normalize())) {
            throw c.failure(INSTANCES_PATH, "novalab keeps the instances in its state dir: it must be state_path ("
                    + stateDir + "), not " + instances);
        }
        ServerConfig config = ServerConfig.embedded(stateDir, (int) c.number(LISTEN_PORT)).withMessaging(messaging(c));
        var url = c.parsed(DATABASE_CONNECTION, DatabaseUrl.class);
        if (url.isPresent()) {
            DatabaseUrl db = url.get();
            config = config.withDatabase(DatabaseConfig.of(db.jdbcUrl(),
                    db.user() != null ? db.user() : env.get("NOVALAB_DB_USER"),
                    db.password() != null ? db.password() : env.get("NOVALAB_DB_PASSWORD")));
        }
        config = config.withHypervisorUri(nonBlank(c, CONNECTION_URI).strip());
        if (c.isSet(HOST)) {
            config = config.withHost(nonBlank(c, HOST).strip());
        }
        config = config.withMasterKey(Path.of(nonBlank(c, MASTER_KEY_FILE)));
        config = config.withCacheAging(new ServerConfig.CacheAging(c.bool(REMOVE_UNUSED_BASE_IMAGES),
                Duration.ofSeconds(c.number(REMOVE_UNUSED_MINIMUM_AGE)),
                Duration.ofSeconds(Math.max(0, c.number(CACHE_MANAGER_INTERVAL)))));
        config = config.withReclaimInstanceInterval(Duration.ofSeconds(c.number(RECLAIM_INSTANCE_INTERVAL)))
                .withResizeConfirmWindow(Duration.ofSeconds(c.number(RESIZE_CONFIRM_WINDOW)))
                .withShelvedOffloadTime((int) c.number(SHELVED_OFFLOAD_TIME));
        String subdirectory = nonBlank(c, CACHE_SUBDIRECTORY).strip();
        if (subdirectory.contains("/") || TAKEN.contains(subdirectory)) {
            throw c.failure(CACHE_SUBDIRECTORY, "expected a directory name under instances_path (no '/', not "
                    + String.join(", ", TAKEN.stream().sorted().toList()) + "), not '" + subdirectory + "'");
        }
        config = config.withHostSettings(new ServerConfig.HostSettings(listenAddress(c),
                c.bool(FORCE_RAW_IMAGES), subdirectory, Integer.parseInt(c.text(EPHEMERAL_ENCRYPTION_KEY_SIZE)),
                new EncryptionChoice.Defaults(c.bool(EPHEMERAL_ENCRYPTION_ENABLED),
                        EncryptionChoice.ofLibvirtName(c.text(EPHEMERAL_ENCRYPTION_FORMAT)).format().orElseThrow()),
                (int) c.number(GLANCE_NUM_RETRIES)));
        String password = c.text(ADMIN_PASSWORD);
        if (password != null && password.isBlank()) {
            throw c.failure(ADMIN_PASSWORD, "must not be blank");
        }
        return config.withAdminPassword(password);
    }

    /** The compute RPC's bus: transport_url (unset: in-JVM), rpc_response_timeout, [oslo_messaging_rabbit]. */
    private static ServerConfig.Messaging messaging(EffectiveConfig c) {
        TransportUrl url = c.parsed(TRANSPORT_URL, TransportUrl.class).orElse(TransportUrl.IN_JVM);
        String exchange = nonBlank(c, CONTROL_EXCHANGE).strip();
        Duration timeout = Duration.ofSeconds(c.number(RPC_RESPONSE_TIMEOUT));
        RabbitSettings rabbit = new RabbitSettings(exchange, Duration.ofSeconds(c.number(RABBIT_HEARTBEAT)),
                Duration.ofSeconds(c.number(RABBIT_RETRY_INTERVAL)), Duration.ofSeconds(c.number(RABBIT_RETRY_BACKOFF)),
                Duration.ofSeconds(c.number(RABBIT_INTERVAL_MAX)), timeout);
        return new ServerConfig.Messaging(url, timeout, rabbit);
    }

    /** An IP address, or a name this machine resolves: found out now, not when the listener fails to bind. */
    private static String listenAddress(EffectiveConfig c) {
        String address = nonBlank(c, LISTEN).strip();
        try {
            InetAddress.getByName(address);
            return address;
        } catch (UnknownHostException e) {
            throw c.failure(LISTEN, "expected an IP address (0.0.0.0, 127.0.0.1, ::) or a host name this machine "
                    + "resolves, not '" + address + "'");
        }
    }

    private static String nonBlank(EffectiveConfig c, Option option) {
        String text = c.text(option);
        if (text == null || text.isBlank()) {
            throw c.failure(option, "must not be blank");
        }
        return text;
    }
}
