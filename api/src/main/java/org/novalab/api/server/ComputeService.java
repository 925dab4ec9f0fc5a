package org.novalab.api.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.host.LocalHostResources;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.image.HibernateImageRepository;
import org.novalab.api.persistence.Database;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.image.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One nova-compute in a process of its own ({@code novalab compute}): its host, state dir (instances_path, locked
 * for this process only), libvirt connection, secret store and capability probe, serving {@code compute.<host>}
 * over the bus. What it shares with the api role is what Nova's compute shares with its control plane: the
 * database (instances, the key manager's sealed passphrases, its service row and heartbeat), the image store
 * (here novalab's on-disk cluster or a Ceph pool) and the master key file. {@link #close()} stops taking
 * messages first, then lets the work in hand finish, then closes what the host held.
 */
public final class ComputeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeService.class);

    private final StateLock stateLock;
    private final Database db;
    private final GlanceStore store;
    private final SimpleMeterRegistry metrics;
    private final ComputeServices.Running compute;
    private final ServiceRegistry services;

    private ComputeService(StateLock stateLock, Database db, GlanceStore store, SimpleMeterRegistry metrics,
                           ComputeServices.Running compute, ServiceRegistry services) {
        this.stateLock = stateLock;
        this.db = db;
        this.store = store;
        this.metrics = metrics;
        this.compute = compute;
        this.services = services;
    }

    /**
     * @param cluster the deployment's on-disk storage cluster (the api's {@code <state>/pool}), whose images pool
     *                is the file store's; ignored for images when Glance's store is rbd
     * @param host    how the compute host is built ({@link LibvirtComputeServices} on {@code cluster}, or a test's)
     */
    public static ComputeService start(ServerConfig config, Path cluster, ComputeServices host) throws Exception {
        StateDirectory.makePrivate(config.stateDir(), config.hypervisorUri());
        StateLock lock = StateLock.acquire(config.stateDir());
        Database db = null;
        GlanceStore store = null;
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        ComputeServices.Running compute = null;
        try {
            // compute workers, the heartbeat and startup; the database is the api's, not the state dir's
            db = Database.open(config.database(), NovalabServer.ENTITIES, config.buildThreads() + 4);
            Clock clock = Clock.systemUTC();
            store = GlanceStore.open(config, cluster);
            ImageService images = new ImageService(new HibernateImageRepository(db), store.pool(), clock,
                    store.order(), store.locationPrefix());
            compute = host.start(new ComputeServices.Context(config, db, images,
                    new HibernateInstanceStore(db, clock, config.scheduling().ratios()), metrics));
            ComputeHosts served = compute.served();
            ServiceRegistry services = ServiceRegistry.computeServices(db, clock, config.serviceGroup(), served,
                    new LocalHostResources(config.stateDir(), compute.api()::getCapabilities));
            // registered once init_host and the consumer run: the scheduler never picks a host that cannot answer
            services.start();
            LOG.info("nova-compute {} up (state {}, libvirt {})", served.hosts(), config.stateDir().toAbsolutePath(),
                    config.hypervisorUri());
            return new ComputeService(lock, db, store, metrics, compute, services);
        } catch (Exception | Error e) {
            if (compute != null) {
                compute.close();
            }
            if (store != null) {
                store.close();
            }
            if (db != null) {
                db.close();
            }
            metrics.close();
            lock.close();
            throw e;
        }
    }

    /** The hosts this service runs (one: its {@code host}). */
    public ComputeHosts hosts() {
        return compute.served();
    }

    /** Waits until no build or action is queued or running (tests). */
    public void awaitIdle() throws InterruptedException {
        compute.awaitIdle(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        services.close();
        compute.close(); // the consumers are cancelled first, then the work in hand finishes, then the bus
        store.close();
        db.close();
        metrics.close();
        try {
            stateLock.close();
        } catch (java.io.IOException e) {
            LOG.warn("releasing the state lock: {}", e.toString());
        }
        LOG.info("nova-compute stopped");
    }
}
