package org.novalab.api.compute.shelve;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.novalab.api.persistence.Database;
import org.novalab.compute.rpc.ComputeHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code _poll_shelved_instances} with {@code shelved_offload_time} above zero: a server shelved that long
 * ago and still shelved (not unshelved, not busy) is offloaded by this process's compute hosts. Nova's periodic task
 * runs once a minute; here at most once a minute and at least twice per offload time.
 */
public final class ShelveOffloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShelveOffloader.class);
    private static final Duration NOVA_PERIOD = Duration.ofSeconds(60);
    private final Database db;
    private final Clock clock;
    private final ServerShelves shelves;
    private final ComputeHosts hosts;
    private final int offloadTime;
    private ScheduledExecutorService timer;

    public ShelveOffloader(Database db, Clock clock, ServerShelves shelves, ComputeHosts hosts, int offloadTime) {
        this.db = db;
        this.clock = clock;
        this.shelves = shelves;
        this.hosts = hosts;
        this.offloadTime = offloadTime;
    }

    /** Runs from now on; nothing when shelved servers are offloaded at once or never. */
    public synchronized void start() {
        if (offloadTime <= 0 || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "novalab-poll-shelved-instances");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, Math.min(NOVA_PERIOD.toMillis(), offloadTime * 1000L / 2));
        timer.scheduleWithFixedDelay(this::offloadQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass: how many shelved servers it offloaded. */
    public int offloadDue() {
        if (offloadTime <= 0) {
            return 0;
        }
        List<ShelveEntity> due = db.read(s -> s.createSelectionQuery("from ShelveEntity e where e.shelvedAt <= :cutoff "
                        + "order by e.shelvedAt", ShelveEntity.class)
                .setParameter("cutoff", clock.instant().minusSeconds(offloadTime)).list());
        int offloaded = 0;
        for (ShelveEntity e : due) {
            if (!hosts.hosts().contains(e.shelvedHost())) {
                continue;
            }
            try {
                if (shelves.offloadWaited(e.instanceUuid())) {
                    LOG.info("offloading instance {}, shelved for more than {} s", e.instanceUuid(), offloadTime);
                    offloaded++;
                }
            } catch (RuntimeException ex) {
                LOG.warn("could not offload the shelved instance {}: {}", e.instanceUuid(), ex.getMessage());
            }
        }
        return offloaded;
    }

    private void offloadQuietly() {
        try {
            offloadDue();
        } catch (RuntimeException e) {
            LOG.warn("polling shelved instances failed: {}", e.toString());
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
