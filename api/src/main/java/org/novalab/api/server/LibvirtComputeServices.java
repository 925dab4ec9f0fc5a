package org.novalab.api.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.crypto.SecretKey;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.compute.ComputeConfig;
import org.novalab.api.compute.resize.HibernateResizeStore;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.backend.PoolRbdVolumes;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.manager.BuildMetrics;
import org.novalab.compute.manager.ComputeManager;
import org.novalab.compute.rpc.LocalComputeApi;
import org.novalab.compute.rpc.bus.MessageBus;
import org.novalab.compute.rpc.bus.MessageBuses;
import org.novalab.compute.rpc.remote.ComputeRpcServer;
import org.novalab.compute.rpc.remote.PassphraseSeal;
import org.novalab.compute.rpc.remote.RpcComputeApi;
import org.novalab.compute.snapshot.ImageKeys;
import org.novalab.compute.snapshot.ImageServiceUploads;
import org.novalab.disk.Disks;
import org.novalab.disk.LuksParams;
import org.novalab.imagecache.BaseUsageScanner;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.CacheMetrics;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.ImageCacheAgingTask;
import org.novalab.imagecache.ImageCacheManager;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.MasterKey;
import org.novalab.storage.Pool;
import org.novalab.storage.ceph.CephCluster;
import org.novalab.storage.directory.DirectoryCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real compute host behind a server, named by {@code host}: libvirt at the configured URI, Nova's {@code _base}
 * cache under the state dir fed by the server's own image service (in process, no HTTP hop) and aged as Nova's
 * image cache manager does, Rbd volumes cloned in the pool, and the key manager: passphrases sealed by the
 * configured master key with their rows in the database, which every host of the deployment shares.
 */
public final class LibvirtComputeServices implements ComputeServices {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtComputeServices.class);
    /** novalab's on-disk storage cluster (pools vms, volumes); empty: {@code <state>/pool}, the server's own. */
    private final Optional<Path> cluster;

    /** The compute host of {@code serve}: its storage cluster is the one under its state dir. */
    public LibvirtComputeServices() {
        this.cluster = Optional.empty();
    }

    /** The compute host of {@code novalab compute}: on the deployment's storage cluster {@code cluster}. */
    public LibvirtComputeServices(Path cluster) {
        this.cluster = Optional.of(cluster);
    }

    @Override
    public Running start(Context context) {
        ServerConfig config = context.config();
        SecureRandom random = new SecureRandom();
        SecretKey master = masterKey(config, random);
        Path clusterDir = cluster.orElse(config.stateDir().resolve("pool"));
        EmbeddedKeyManager keys = new EmbeddedKeyManager(master,
                new HibernateSecretStore(context.db()), random, Clock.systemUTC());
        keys.verifyMasterKey();
        EmbeddedKeyManager.Reseal reseal = keys.resealLegacySecrets();
        if (reseal.resealed() > 0) {
            LOG.info("key manager: {} passphrases of earlier versions sealed again, bound to their owners",
                    reseal.resealed());
        }
        if (!reseal.unreadable().isEmpty()) {
            LOG.error("key manager: passphrases {} do not open under this master key; their disks cannot be started",
                    reseal.unreadable());
        }
        ServerConfig.HostSettings settings = config.hostSettings();
        CacheConfig cacheConfig = CacheConfig.defaults(config.stateDir())
                .withMinimumUnusedAge(config.cacheAging().minimumAge())
                .withForceRaw(settings.forceRawImages()).withBaseSubdirectory(settings.baseSubdirectory());
        cacheConfig = cacheConfig.withRetries(settings.glanceNumRetries(), cacheConfig.initialBackoff());
        ImageCache cache = new ImageCache(cacheConfig, new LocalImageSource(context.images()), Disks.java());
        registerCacheMetrics(cache, context.metrics());
        BuildMetrics buildMetrics = new BuildMetrics(context.metrics());
        // images_type = rbd: the Rbd backend's disks in images_rbd_pool of a Ceph cluster (a connection of the
        // compute host's own, as nova-compute has beside glance-api); else the on-disk pool's vms
        Optional<CephCluster> disksCluster = config.storage().disks().map(d -> CephCluster.connect(d.client()));
        Pool disks;
        try {
            disks = disksCluster.isPresent()
                    ? disksCluster.get().openPool(config.storage().disks().get().pool())
                    : DirectoryCluster.open(clusterDir).createPool("vms");
        } catch (RuntimeException e) {
            disksCluster.ifPresent(CephCluster::close);
            throw e;
        }
        Optional<CephDiskAccess> access = disksCluster.map(c -> CephDiskAccess.of(c, config.storage().rbdSecretUuid()));
        PoolRbdVolumes pools = new PoolRbdVolumes(context.images().pool(), disks);
        Optional<RbdVolumes> rbd = Optional.of(access.map(a -> a.applyTo(pools)).orElse(pools));
        ComputeHost host = ComputeHost.open(new ComputeConfig(config.stateDir(), config.hypervisorUri(),
                        new LuksParams(settings.luksKeyBits(), "sha256", ComputeConfig.LAB_LUKS.iterations(), null),
                        false, settings.baseSubdirectory(), settings.offeredEncryption()),
                cache, rbd, keys, buildMetrics,
                // the block storage pool, whose volumes the emulated guests open as QEMU opens an rbd disk
                java.util.Map.of(org.novalab.api.volume.BlockStorage.POOL, DirectoryCluster.open(
                        clusterDir).createPool(org.novalab.api.volume.BlockStorage.POOL)));
        try {
            // the cephx key the rbd disks' <auth> names, as a ceph secret on this host
            access.ifPresent(a -> a.defineSecret(host.secrets()));
            // an encrypted snapshot's key is the image's: it goes when the image goes
            ImageKeys imageKeys = new ImageKeys(keys);
            context.images().onDelete(imageKeys::forget);
            // every compute call goes over the bus, the embedded in-JVM one by default, as Nova's API reaches its
            // compute services; a passphrase argument crosses it sealed under a key of the master key
            ServerConfig.Messaging messaging = config.messaging();
            PassphraseSeal seal = PassphraseSeal.fromMasterKey(master, random);
            MessageBus bus = MessageBuses.open(messaging.transportUrl(), messaging.rabbit(),
                    "novalab-serve:" + config.host(), messaging.rpcResponseTimeout());
            // the same door, for this host's moves to and from the other compute hosts
            RpcComputeApi hosts = new RpcComputeApi(bus, seal, messaging.rpcResponseTimeout());
            LocalComputeApi door;
            try {
                ComputeManager manager = new ComputeManager(config.host(), host.driver(), context.instances(),
                        Optional.of(new HibernateResizeStore(context.db(), java.time.Clock.systemUTC())),
                        buildMetrics, Optional.of(host.virsh()), Optional.of(host.inspector()),
                        new ImageServiceUploads(context.images()), Optional.of(hosts));
                door = new LocalComputeApi(List.of(manager), config.buildThreads(), config.buildQueue());
            } catch (RuntimeException e) {
                bus.close();
                throw e;
            }
            registerWorkMetrics(door, context.metrics());
            ComputeRpcServer rpc;
            try {
                rpc = ComputeRpcServer.serve(bus, door, door.hosts(), seal);
            } catch (RuntimeException e) {
                door.close();
                bus.close();
                throw e;
            }
            LOG.info("compute RPC over {} (rpc_response_timeout {} s)", bus.describe(),
                    messaging.rpcResponseTimeout().toSeconds());
            ScheduledExecutorService aging = startAging(config, cacheConfig, cache.metrics());
            AutoCloseable cephConnection = () -> disksCluster.ifPresent(CephCluster::close);
            return Running.overBus(hosts, rpc, door, bus, aging::shutdownNow, host, cephConnection);
        } catch (RuntimeException e) {
            host.close();
            disksCluster.ifPresent(CephCluster::close);
            throw e;
        }
    }

    /** The default key ({@code <state>/master.key}) is made on first start; a key file someone named must exist. */
    static SecretKey masterKey(ServerConfig config, SecureRandom random) {
        Path defaultKey = config.stateDir().resolve(MasterKey.FILE_NAME);
        return config.masterKey().toAbsolutePath().normalize().equals(defaultKey.toAbsolutePath().normalize())
                ? MasterKey.loadOrCreate(config.masterKey(), random) : MasterKey.load(config.masterKey());
    }

    /**
     * Nova's periodic image cache manager pass: every {@code manager_interval}, the {@code _base} files no instance
     * disk uses and nobody used for {@code remove_unused_original_minimum_age_seconds} go. The leftovers of
     * fetches a killed server left go at once.
     */
    private static ScheduledExecutorService startAging(ServerConfig config, CacheConfig cacheConfig,
                                                       CacheMetrics metrics) {
        ImageCacheManager manager = new ImageCacheManager(cacheConfig, metrics);
        // what a killed fetch left in _base goes now, aging on or off: nobody holds those images' locks any more
        manager.reclaimLeftovers();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "novalab-image-cache-manager");
            t.setDaemon(true);
            return t;
        });
        ServerConfig.CacheAging aging = config.cacheAging();
        if (!aging.removeUnusedBaseImages() || aging.interval().isZero() || aging.interval().isNegative()) {
            LOG.info("image cache aging is off (remove_unused_base_images={}, manager_interval={}s)",
                    aging.removeUnusedBaseImages(), aging.interval().toSeconds());
            return executor;
        }
        BaseUsageScanner scanner = new BaseUsageScanner(Disks.java());
        new ImageCacheAgingTask(manager, () -> scanner.basesInUse(config.stateDir()),
                Clock.systemUTC()).schedule(executor, aging.interval());
        return executor;
    }

    /** The compute workers' pool: casts waiting for a worker, running, and accepted but not finished. */
    private static void registerWorkMetrics(LocalComputeApi door, MeterRegistry registry) {
        Gauge.builder("novalab.compute.queue.depth", door, LocalComputeApi::queued)
                .description("Builds and actions waiting for a compute worker").register(registry);
        Gauge.builder("novalab.compute.running", door, LocalComputeApi::running)
                .description("Builds and actions a compute worker runs now").register(registry);
        Gauge.builder("novalab.compute.in.flight", door, LocalComputeApi::inFlight)
                .description("Builds and actions accepted and not finished (queued or running)").register(registry);
    }

    private static void registerCacheMetrics(ImageCache imageCache, MeterRegistry registry) {
        CacheMetrics cache = imageCache.metrics();
        FunctionCounter.builder("novalab.image.cache.evictions", cache, CacheMetrics::evictions)
                .description("unused _base files the image cache manager removed").register(registry);
        FunctionCounter.builder("novalab.image.cache.fetched.bytes", cache, CacheMetrics::bytesDownloaded)
                .baseUnit("bytes").description("image bytes fetched into _base, retries included").register(registry);
        FunctionCounter.builder("novalab.image.cache.refused", cache, CacheMetrics::refused)
                .description("images the format safety gate refused").register(registry);
        Gauge.builder("novalab.image.cache.size", imageCache, c -> c.usage().bytes()).baseUnit("bytes")
                .description("bytes of the files in _base").register(registry);
        Gauge.builder("novalab.image.cache.files", imageCache, c -> c.usage().files())
                .description("files in _base").register(registry);
        FunctionCounter.builder("novalab.image.cache.hits", cache, CacheMetrics::hits)
                .description("fetch_to_base calls answered from _base").register(registry);
        FunctionCounter.builder("novalab.image.cache.misses", cache, CacheMetrics::misses)
                .description("fetch_to_base calls that had to download").register(registry);
        FunctionCounter.builder("novalab.image.downloads", cache, CacheMetrics::downloads)
                .description("images downloaded into _base").register(registry);
        FunctionCounter.builder("novalab.image.cache.failures", cache, CacheMetrics::failures)
                .description("fetch_to_base calls that failed").register(registry);
    }
}
