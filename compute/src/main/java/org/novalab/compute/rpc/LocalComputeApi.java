package org.novalab.compute.rpc;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.inspect.InstanceEvidence;
import org.novalab.compute.inspect.InstanceSummary;
import org.novalab.compute.manager.ComputeManager;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.virsh.DomainRow;
import org.novalab.disk.Passphrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The door with the compute hosts in this process: a call runs at once on the caller's thread, a cast on a bounded
 * pool of workers (what a host's RPC server threads are in Nova). Work for one instance needs no ordering here:
 * the instances table's task state admits one action at a time, and the driver holds a lock per instance.
 */
public final class LocalComputeApi implements ComputeApi, ComputeHosts, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalComputeApi.class);

    private final Map<String, ComputeManager> managers;
    private final ThreadPoolExecutor casts;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Starts each host ({@link ComputeManager#initHost()}): recovery after a restart runs before the door takes
     * work.
     *
     * @param workers    cast threads shared by the hosts
     * @param queueLimit casts waiting at most; one more is refused with {@link RejectedExecutionException}
     */
    public LocalComputeApi(List<ComputeManager> hosts, int workers, int queueLimit) {
        this.managers = hosts.stream().collect(Collectors.toUnmodifiableMap(ComputeManager::host,
                m -> m));
        AtomicInteger n = new AtomicInteger();
        this.casts = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueLimit), r -> {
                    Thread t = new Thread(r, "novalab-compute-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        hosts.forEach(ComputeManager::initHost);
    }

    /** Casts waiting for a worker (the queue the pool's limit bounds). */
    public int queued() {
        return casts.getQueue().size();
    }

    /** Casts a worker is running now. */
    public int running() {
        return casts.getActiveCount();
    }

    /** Casts accepted and not finished: queued plus running. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public List<String> hosts() {
        return managers.keySet().stream().sorted().toList();
    }

    @Override
    public void buildAndRunInstance(String host, SpawnRequest request) {
        cast(host, request.uuid(), m -> m.buildAndRunInstance(request));
    }

    @Override
    public void rebuildInstance(String host, RebuildRequest request) {
        cast(host, request.uuid(), m -> m.rebuildInstance(request));
    }

    @Override
    public void resizeInstance(String host, ResizeRequest request) {
        cast(host, request.uuid(), m -> m.resizeInstance(request));
    }

    @Override
    public void confirmResize(String host, ResizeRequest request) {
        cast(host, request.uuid(), m -> m.confirmResize(request));
    }

    @Override
    public void revertResize(String host, ResizeRequest request) {
        cast(host, request.uuid(), m -> m.revertResize(request));
    }

    @Override
    public void finishResize(String host, ResizeRequest request) {
        cast(host, request.uuid(), m -> m.finishResize(request));
    }

    @Override
    public void finishRevertResize(String host, ResizeRequest request, java.util.Optional<String> fault) {
        cast(host, request.uuid(), m -> m.finishRevertResize(request, fault));
    }

    @Override
    public void receiveMigrationFile(String host, UUID instance, String file, long offset, byte[] data) {
        manager(host).receiveMigrationFile(instance, file, offset, data);
    }

    @Override
    public void liveMigration(String host, ResizeRequest request) {
        cast(host, request.uuid(), m -> m.liveMigration(request));
    }

    @Override
    public PowerState postLiveMigrationAtDestination(String host, ResizeRequest request, boolean paused) {
        return manager(host).postLiveMigrationAtDestination(request, paused);
    }

    @Override
    public void rollbackLiveMigrationAtDestination(String host, UUID instance) {
        manager(host).rollbackLiveMigrationAtDestination(instance);
    }

    @Override
    public void stopInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.stopInstance(instance));
    }

    @Override
    public void startInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.startInstance(instance));
    }

    @Override
    public void rebootInstance(String host, InstanceRef instance, boolean hard) {
        cast(host, instance.uuid(), m -> m.rebootInstance(instance, hard));
    }

    @Override
    public void softDeleteInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.softDeleteInstance(instance));
    }

    @Override
    public void restoreInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.restoreInstance(instance));
    }

    @Override
    public void snapshotInstance(String host, SnapshotRequest request) {
        cast(host, request.instance().uuid(), m -> m.snapshotInstance(request));
    }

    @Override
    public void shelveInstance(String host, org.novalab.compute.shelve.ShelveRequest request) {
        cast(host, request.instance().uuid(), m -> m.shelveInstance(request));
    }

    @Override
    public void shelveOffloadInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.shelveOffloadInstance(instance));
    }

    @Override
    public void unshelveInstance(String host, org.novalab.compute.shelve.UnshelveRequest request) {
        cast(host, request.spawn().uuid(), m -> m.unshelveInstance(request));
    }

    @Override
    public void pauseInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.pauseInstance(instance));
    }

    @Override
    public void unpauseInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.unpauseInstance(instance));
    }

    @Override
    public void suspendInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.suspendInstance(instance));
    }

    @Override
    public void resumeInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.resumeInstance(instance));
    }

    @Override
    public void rescueInstance(String host, RescueRequest request) {
        cast(host, request.uuid(), m -> m.rescueInstance(request));
    }

    @Override
    public void unrescueInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.unrescueInstance(instance));
    }

    @Override
    public void setAdminPassword(String host, InstanceRef instance, Map<String, String> imageProperties,
                                 Passphrase password) {
        manager(host).setAdminPassword(instance, imageProperties, password);
    }

    @Override
    public void terminateInstance(String host, InstanceRef instance) {
        cast(host, instance.uuid(), m -> m.terminateInstance(instance));
    }

    @Override
    public String getConsoleOutput(String host, InstanceRef instance) {
        return manager(host).consoleOutput(instance);
    }

    @Override
    public String attachVolume(String host, InstanceRef instance, org.novalab.compute.attach.VolumeConnection volume,
                               java.util.Optional<String> device) {
        return manager(host).attachVolume(instance, volume, device);
    }

    @Override
    public void detachVolume(String host, InstanceRef instance, String volumeId) {
        manager(host).detachVolume(instance, volumeId);
    }

    @Override
    public DomainStats getDiagnostics(String host, InstanceRef instance) {
        return manager(host).diagnostics(instance);
    }

    @Override
    public HostCapabilities getCapabilities(String host) {
        return manager(host).capabilities();
    }

    @Override
    public String getHostUptime(String host) {
        manager(host); // a host this process does not run is refused as for every other call
        return org.novalab.compute.host.HostUptime.read().orElse("");
    }

    @Override
    public List<DomainRow> listDomains(String host) {
        return manager(host).virsh().list();
    }

    @Override
    public String dumpDomainXml(String host, String domain) {
        return manager(host).virsh().dumpXml(domain);
    }

    @Override
    public String defineDomain(String host, String domainXml) {
        return manager(host).virsh().define(domainXml);
    }

    @Override
    public PowerState startDomain(String host, String domain) {
        return manager(host).virsh().start(domain);
    }

    @Override
    public PowerState destroyDomain(String host, String domain) {
        return manager(host).virsh().destroy(domain);
    }

    @Override
    public void undefineDomain(String host, String domain) {
        manager(host).virsh().undefine(domain);
    }

    @Override
    public List<SecretDefinition> listSecrets(String host) {
        return manager(host).virsh().secretList();
    }

    @Override
    public UUID defineSecret(String host, String secretXml) {
        return manager(host).virsh().secretDefine(secretXml);
    }

    @Override
    public void setSecretValue(String host, UUID secret, Passphrase value) {
        manager(host).virsh().secretSetValue(secret, value);
    }

    @Override
    public void undefineSecret(String host, UUID secret) {
        manager(host).virsh().secretUndefine(secret);
    }

    @Override
    public List<InstanceSummary> listInstanceDirectories(String host) {
        return manager(host).inspector().instances();
    }

    @Override
    public InstanceEvidence describeInstance(String host, UUID instance) {
        return manager(host).inspector().describe(instance);
    }

    /** Waits until no cast is queued or running (tests, and shutdown). */
    public void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Lets running casts finish for a short grace period, then interrupts them. A cast that did not finish leaves
     * its instance with a task state; the next start puts it right ({@link ComputeManager#initHost()}).
     */
    @Override
    public void close() {
        casts.shutdown();
        try {
            if (!casts.awaitTermination(3, TimeUnit.SECONDS)) {
                casts.shutdownNow();
                casts.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ComputeManager manager(String host) {
        ComputeManager m = managers.get(host);
        if (m == null) {
            throw new NoSuchHost(host);
        }
        return m;
    }

    /** Queues {@code work} for the host's manager; an unknown host fails at once, on the caller's thread. */
    private void cast(String host, UUID instance, Consumer<ComputeManager> work) {
        ComputeManager m = manager(host);
        inFlight.incrementAndGet();
        // the caller's log context (the API request's id) goes with the work, as an RPC's context does in Nova
        Map<String, String> context = MDC.getCopyOfContextMap();
        try {
            casts.execute(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    work.accept(m);
                } catch (RuntimeException e) {
                    LOG.error("work for instance {} failed", instance, e);
                } finally {
                    inFlight.decrementAndGet();
                    MDC.clear();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }
}
