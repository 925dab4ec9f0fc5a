package org.novalab.api.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.Optional;
import org.novalab.api.compute.ComputeBackend;
import org.novalab.api.compute.DriverBackend;
import org.novalab.api.compute.HibernatePassphraseRepository;
import org.novalab.api.persistence.Database;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.backend.PoolRbdVolumes;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.images.ImageCacheBaseImages;
import org.novalab.compute.secret.MasterKey;
import org.novalab.compute.secret.PassphraseVault;
import org.novalab.disk.Disks;
import org.novalab.image.ImageService;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.CacheMetrics;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * The real compute host behind a server: libvirt at the configured URI, Nova's {@code _base} cache under the state
 * dir fed by the server's own image service (in process, no HTTP hop), Rbd volumes cloned in the pool, and
 * passphrases sealed by the master key ({@code <state>/master.key}) with their rows in the database.
 */
public final class DriverBackends implements Backends {
    @Override
    public Running open(ServerConfig config, Database db, ImageService images, MeterRegistry metrics) {
        SecureRandom random = new SecureRandom();
        PassphraseVault vault = new PassphraseVault(MasterKey.loadOrCreate(config.stateDir(), random),
                new HibernatePassphraseRepository(db), random);
        ImageCache cache = new ImageCache(CacheConfig.defaults(config.stateDir()), new LocalImageSource(images),
                Disks.java());
        registerCacheMetrics(cache.metrics(), metrics);
        Optional<RbdVolumes> rbd = Optional.of(new PoolRbdVolumes(images.pool(),
                DirectoryCluster.open(config.stateDir().resolve("pool")).createPool("vms")));
        ComputeHost host = ComputeHost.open(new ComputeConfig(config.stateDir(), config.hypervisorUri(), null, false),
                new ImageCacheBaseImages(cache), Disks.java(), new ChainGuestDisks(rbd), rbd, vault);
        DriverBackend backend = new DriverBackend(host.driver());
        return new Running() {
            @Override
            public ComputeBackend compute() {
                return backend;
            }

            @Override
            public Optional<ComputeHost> host() {
                return Optional.of(host);
            }

            @Override
            public void close() {
                host.close();
            }
        };
    }

    private static void registerCacheMetrics(CacheMetrics cache, MeterRegistry registry) {
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
