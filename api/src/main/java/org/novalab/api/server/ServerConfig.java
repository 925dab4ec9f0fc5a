package org.novalab.api.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.novalab.api.compute.host.ServiceGroup;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.rpc.bus.RabbitSettings;
import org.novalab.compute.rpc.bus.TransportUrl;
import org.novalab.keys.MasterKey;

/**
 * How a novalab server runs: state dir (database, pool, instances), port (0 picks a free one), database,
 * hypervisor URI, admin password (null: generated and printed once on first start), token lifetime, build pool,
 * and, with Nova's option names, the compute host's {@code host} name, the key manager's master key, and the
 * image cache's aging of {@code _base}.
 *
 * @param host      Nova's {@code host}: the compute host's name (default: this machine's host name)
 * @param masterKey the key-encryption key of the key manager; every host of one deployment is given the same file
 * @param reclaimInstanceInterval Nova's {@code reclaim_instance_interval}: above zero a delete only soft-deletes a
 *                  server (restorable) and it is deleted for good once this has passed; zero (Nova's default)
 *                  deletes at once
 * @param resizeConfirmWindow Nova's {@code resize_confirm_window}: above zero a resize waiting in VERIFY_RESIZE
 *                  longer than this is confirmed automatically; zero (Nova's default) never
 * @param shelvedOffloadTime Nova's {@code shelved_offload_time} in seconds: 0 (Nova's default) offloads a shelved
 *                  server at once, above 0 once it has been shelved that long, -1 never
 * @param hostSettings the listen address and how this host writes images and disks ({@link HostSettings})
 * @param storage   where Glance's images and the Rbd backend's disks live ({@link StorageSettings})
 * @param messaging    the bus every compute call goes over ({@link Messaging})
 * @param scheduling   how far the scheduler may fill a host ({@link Scheduling})
 * @param serviceGroup how often services beat and when one counts as down ({@link ServiceGroup})
 */
public record ServerConfig(Path stateDir, int port, DatabaseConfig database, String hypervisorUri,
        String adminPassword, Duration tokenTtl, int buildThreads, int buildQueue, long bodyLimitBytes, String host,
        Path masterKey, CacheAging cacheAging, Duration reclaimInstanceInterval, Duration resizeConfirmWindow,
        int shelvedOffloadTime, HostSettings hostSettings, StorageSettings storage, Messaging messaging,
        Scheduling scheduling, ServiceGroup serviceGroup) {

    public static final String DEFAULT_HYPERVISOR = "test:///default";

    /**
     * Nova's image cache manager options: {@code [image_cache] remove_unused_base_images} (default true),
     * {@code remove_unused_original_minimum_age_seconds} (default 86400) and {@code manager_interval} (default
     * 2400 s; 0 or less turns the periodic pass off).
     */
    public record CacheAging(boolean removeUnusedBaseImages, Duration minimumAge, Duration interval) {
        public static final CacheAging NOVA_DEFAULTS = new CacheAging(true, Duration.ofSeconds(86400),
                Duration.ofSeconds(2400));
    }

    /**
     * Per-host settings of the configuration file: Nova's {@code osapi_compute_listen}, {@code force_raw_images}
     * (default true), {@code [image_cache] subdirectory_name} (default {@code _base}) and
     * {@code [ephemeral_storage_encryption] key_size} of new LUKS disks (512: aes-256-xts; 256: aes-128-xts),
     * its {@code enabled} / {@code default_format} (which root disks are encrypted when nothing asks), and
     * {@code [glance] num_retries} (extra attempts of a failed image download, default 3), and novalab's
     * {@code [novalab] host_encryption} (what the compute host offers of the encryption its probe finds).
     */
    public record HostSettings(String listenAddress, boolean forceRawImages, String baseSubdirectory,
            int luksKeyBits, EncryptionChoice.Defaults ephemeralEncryption, int glanceNumRetries,
            org.novalab.compute.host.OfferedEncryption offeredEncryption) {
        public static final HostSettings DEFAULTS = new HostSettings("0.0.0.0", true, "_base", 512,
                EncryptionChoice.Defaults.NOVA, 3, org.novalab.compute.host.OfferedEncryption.PROBED);
    }

    /**
     * Nova's allocation ratios ({@code [DEFAULT] cpu_allocation_ratio}, {@code ram_allocation_ratio},
     * {@code disk_allocation_ratio}; Nova's initial values 4.0, 1.0, 1.0): a host takes instances until their
     * vCPUs, memory and local disk reach its own times the ratio; {@code [scheduler] max_attempts}; and
     * {@code allow_resize_to_same_host} (true as devstack sets it, Nova's own default being false: novalab's
     * embedded default is one host, where a resize can stay nowhere else).
     */
    public record Scheduling(double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio,
            int maxAttempts, boolean allowResizeToSameHost) {
        public static final Scheduling NOVA_DEFAULTS = new Scheduling(4.0, 1.0, 1.0, 3);

        public Scheduling {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max_attempts must be at least 1, not " + maxAttempts);
            }
        }

        /** Resizes allowed to stay on the server's own host. */
        public Scheduling(double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio,
                int maxAttempts) {
            this(cpuAllocationRatio, ramAllocationRatio, diskAllocationRatio, maxAttempts, true);
        }

        /** The ratios as the scheduler and a retried build's claim apply them. */
        public org.novalab.api.compute.host.HostFit.Ratios ratios() {
            return new org.novalab.api.compute.host.HostFit.Ratios(cpuAllocationRatio, ramAllocationRatio,
                    diskAllocationRatio);
        }
    }

    public static ServerConfig embedded(Path stateDir, int port) {
        return new ServerConfig(stateDir, port, DatabaseConfig.embedded(stateDir), DEFAULT_HYPERVISOR, null,
                Duration.ofHours(1), 4, 1000, 1 << 20, localHostName(), stateDir.resolve(MasterKey.FILE_NAME),
                CacheAging.NOVA_DEFAULTS, Duration.ZERO, Duration.ZERO, 0,
                HostSettings.DEFAULTS, StorageSettings.EMBEDDED, Messaging.EMBEDDED, Scheduling.NOVA_DEFAULTS,
                ServiceGroup.NOVA_DEFAULTS);
    }

    public ServerConfig withAdminPassword(String password) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, password, tokenTtl, buildThreads, buildQueue,
                bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withTokenTtl(Duration ttl) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, ttl, buildThreads, buildQueue,
                bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withDatabase(DatabaseConfig db) {
        return new ServerConfig(stateDir, port, db, hypervisorUri, adminPassword, tokenTtl, buildThreads, buildQueue,
                bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withHypervisorUri(String uri) {
        return new ServerConfig(stateDir, port, database, uri, adminPassword, tokenTtl, buildThreads, buildQueue,
                bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(stateDir, newPort, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    /** The compute hosts' workers and how many casts may wait for them. */
    public ServerConfig withBuildPool(int threads, int queue) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, threads, queue,
                bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withHost(String name) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, name, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withMasterKey(Path file) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, file, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withCacheAging(CacheAging aging) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, aging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withReclaimInstanceInterval(Duration interval) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, interval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withShelvedOffloadTime(int seconds) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                seconds, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withResizeConfirmWindow(Duration window) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, window,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, serviceGroup);
    }

    public ServerConfig withHostSettings(HostSettings settings) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, settings, storage, messaging, scheduling, serviceGroup);
    }

    /** Nova's default for {@code host}: the machine's host name. */
    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public ServerConfig withStorage(StorageSettings settings) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, settings, messaging, scheduling, serviceGroup);
    }

    /**
     * The compute RPC's bus: oslo.messaging's {@code transport_url} (unset: the in-JVM bus), its
     * {@code rpc_response_timeout} and {@code [oslo_messaging_rabbit]} options. Every compute call of the server
     * goes over it.
     */
    public record Messaging(TransportUrl transportUrl, Duration rpcResponseTimeout, RabbitSettings rabbit) {
        public static final Messaging EMBEDDED = new Messaging(TransportUrl.IN_JVM, Duration.ofSeconds(60),
                RabbitSettings.OSLO);
    }

    public ServerConfig withMessaging(Messaging bus) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, bus, scheduling, serviceGroup);
    }

    @Override
    public String toString() {
        return "ServerConfig[state=" + stateDir + ", port=" + port + ", " + database + ", hypervisor=" + hypervisorUri
                + ", host=" + host + ", bus=" + messaging.transportUrl() + "]";
    }

    public ServerConfig withScheduling(Scheduling s) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, s, serviceGroup);
    }

    public ServerConfig withServiceGroup(ServiceGroup group) {
        return new ServerConfig(stateDir, port, database, hypervisorUri, adminPassword, tokenTtl, buildThreads,
                buildQueue, bodyLimitBytes, host, masterKey, cacheAging, reclaimInstanceInterval, resizeConfirmWindow,
                shelvedOffloadTime, hostSettings, storage, messaging, scheduling, group);
    }
}
