package org.novalab.api.compute.delete;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.compute.state.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code _reclaim_queued_deletes}: every {@code reclaim_instance_interval}, the soft-deleted servers (no task)
 * of this process's compute hosts deleted longer ago than the interval are deleted for good, through their hosts as
 * any delete is; like Nova's periodic task (each compute host reclaims its own) it records no instance action.
 */
public final class SoftDeleteReclaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SoftDeleteReclaimer.class);
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final ComputeHosts hosts;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public SoftDeleteReclaimer(HibernateInstanceStore instances, ComputeApi compute, ComputeHosts hosts, Clock clock,
            Duration interval) {
        this.instances = instances;
        this.compute = compute;
        this.hosts = hosts;
        this.clock = clock;
        this.interval = interval;
    }

    /** Runs every interval from now on; nothing when the interval is zero (no delete is soft then). */
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "novalab-reclaim-queued-deletes");
            t.setDaemon(true);
            return t;
        });
        long every = interval.toMillis();
        timer.scheduleWithFixedDelay(this::reclaimQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass: how many servers it handed to their hosts to delete. */
    public int reclaim() {
        int handed = 0;
        for (InstanceEntity server : instances.softDeletedBefore(clock.instant().minus(interval))) {
            UUID uuid = UUID.fromString(server.uuid());
            if (!hosts.hosts().contains(server.host()) || !instances.beginDelete(uuid)) {
                continue;
            }
            LOG.info("reclaiming soft-deleted instance {} (deleted at {})", uuid, server.deletedAt());
            try {
                compute.terminateInstance(server.host(), server.ref());
                handed++;
            } catch (RuntimeException e) {
                // the next pass tries again: the server goes back to soft-deleted with no task
                instances.clearTask(uuid, TaskState.DELETING);
                LOG.warn("reclaim of instance {}: {}", uuid, HostDoor.notHandedOver(server.host(), e));
            }
        }
        return handed;
    }

    private void reclaimQuietly() {
        try {
            reclaim();
        } catch (RuntimeException e) {
            LOG.warn("reclaiming soft-deleted instances failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
