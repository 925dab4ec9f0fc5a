package org.novalab.api.config;

import static org.novalab.api.config.NovalabOptions.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import org.novalab.api.compute.host.ServiceGroup;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.server.StorageSettings;
import org.novalab.storage.Pool;
import org.novalab.storage.ceph.CephClientConfig;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.host.OfferedEncryption;
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
                .withShelvedOffloadTime((int) c.number(SHELVED_OFFLOAD_TIME))
                .withScheduling(new ServerConfig.Scheduling(c.decimal(CPU_ALLOCATION_RATIO),
                        c.decimal(RAM_ALLOCATION_RATIO), c.decimal(DISK_ALLOCATION_RATIO),
                        (int) c.number(MAX_ATTEMPTS), c.bool(ALLOW_RESIZE_TO_SAME_HOST)));
        if (c.number(SERVICE_DOWN_TIME) <= c.number(REPORT_INTERVAL)) {
            throw c.failure(SERVICE_DOWN_TIME, "must be longer than report_interval (" + c.number(REPORT_INTERVAL)
                    + " s), or every service is seen down between two of its heartbeats");
        }
        config = config.withServiceGroup(new ServiceGroup(Duration.ofSeconds(c.number(REPORT_INTERVAL)),
                Duration.ofSeconds(c.number(SERVICE_DOWN_TIME))));
        String subdirectory = nonBlank(c, CACHE_SUBDIRECTORY).strip();
        if (subdirectory.contains("/") || TAKEN.contains(subdirectory)) {
            throw c.failure(CACHE_SUBDIRECTORY, "expected a directory name under instances_path (no '/', not "
                    + String.join(", ", TAKEN.stream().sorted().toList()) + "), not '" + subdirectory + "'");
        }
        config = config.withHostSettings(new ServerConfig.HostSettings(listenAddress(c),
                c.bool(FORCE_RAW_IMAGES), subdirectory, Integer.parseInt(c.text(EPHEMERAL_ENCRYPTION_KEY_SIZE)),
                new EncryptionChoice.Defaults(c.bool(EPHEMERAL_ENCRYPTION_ENABLED),
                        EncryptionChoice.ofLibvirtName(c.text(EPHEMERAL_ENCRYPTION_FORMAT)).format().orElseThrow()),
                (int) c.number(GLANCE_NUM_RETRIES), OfferedEncryption.ofConfigName(c.text(HOST_ENCRYPTION))));
        config = config.withStorage(storage(c));
        String password = c.text(ADMIN_PASSWORD);
        if (password != null && password.isBlank()) {
            throw c.failure(ADMIN_PASSWORD, "must not be blank");
        }
        return config.withAdminPassword(password);
    }

    /**
     * Glance's store and the Rbd backend's pool: on-disk unless default_store / images_type say rbd. The Rbd backend
     * clones Glance's images, so its pool on Ceph needs Glance's images on Ceph too.
     */
    private static StorageSettings storage(EffectiveConfig c) {
        List<String> stores = Arrays.stream(c.text(GLANCE_STORES).split(",")).map(String::strip)
                .filter(t -> !t.isEmpty()).toList();
        for (String store : stores) {
            if (!store.equals("file") && !store.equals("rbd")) {
                throw c.failure(GLANCE_STORES, "novalab has the stores file and rbd, not '" + store + "'");
            }
        }
        String defaultStore = c.text(GLANCE_DEFAULT_STORE);
        if (!stores.contains(defaultStore)) {
            throw c.failure(GLANCE_DEFAULT_STORE, "'" + defaultStore + "' is not among the enabled stores "
                    + stores + " ([glance_store] stores)");
        }
        Optional<StorageSettings.RbdPool> glance = Optional.empty();
        if (defaultStore.equals("rbd")) {
            int order = 20 + Integer.numberOfTrailingZeros(Integer.parseInt(c.text(RBD_STORE_CHUNK_SIZE)));
            glance = Optional.of(new StorageSettings.RbdPool(new CephClientConfig(
                    Path.of(nonBlank(c, RBD_STORE_CEPH_CONF).strip()), cephUser(c, RBD_STORE_USER)),
                    nonBlank(c, RBD_STORE_POOL).strip(), order));
        }
        Optional<StorageSettings.RbdPool> disks = Optional.empty();
        if (c.text(IMAGES_TYPE).equals("rbd")) {
            if (glance.isEmpty()) {
                throw c.failure(IMAGES_TYPE, "rbd needs Glance's images on the same Ceph cluster: set [glance_store] "
                        + "default_store = rbd (the Rbd backend clones images/<id>@snap)");
            }
            String conf = c.text(IMAGES_RBD_CEPH_CONF);
            disks = Optional.of(new StorageSettings.RbdPool(new CephClientConfig(
                    Path.of(conf == null || conf.isBlank() ? "/etc/ceph/ceph.conf" : conf.strip()),
                    cephUser(c, RBD_USER)), nonBlank(c, IMAGES_RBD_POOL).strip(), Pool.DEFAULT_ORDER));
        }
        String secret = c.text(RBD_SECRET_UUID);
        Optional<UUID> secretUuid = Optional.empty();
        if (secret != null) {
            try {
                secretUuid = Optional.of(UUID.fromString(secret.strip()));
            } catch (IllegalArgumentException e) {
                throw c.failure(RBD_SECRET_UUID, "expected a libvirt secret's uuid, not '" + secret + "'");
            }
        }
        return new StorageSettings(glance, disks, c.bool(SHOW_IMAGE_DIRECT_URL), secretUuid);
    }

    private static String cephUser(EffectiveConfig c, Option option) {
        String user = c.text(option);
        if (user == null) {
            return "admin";
        }
        if (user.isBlank() || user.strip().contains(" ")) {
            throw c.failure(option, "expected a cephx user name such as glance or client.glance, not '" + user + "'");
        }
        return user.strip();
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
