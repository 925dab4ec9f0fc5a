package org.novalab.api.compute.resize;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.persistence.Database;
import org.novalab.compute.rpc.ComputeHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code _poll_unconfirmed_resizes} with {@code resize_confirm_window}: a resize that has waited in
 * VERIFY_RESIZE longer than the window (its migration {@code finished} that long ago) is confirmed as if its owner had
 * asked, by this process's compute hosts; zero (Nova's default) leaves every resize to its owner. Nova's periodic
 * task runs once a minute; here at most once a minute and at least twice per window.
 */
public final class ResizeConfirmer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeConfirmer.class);
    private static final Duration NOVA_PERIOD = Duration.ofSeconds(60);
    private final Database db;
    private final Clock clock;
    private final ServerResizes resizes;
    private final ComputeHosts hosts;
    private final Duration window;
    private ScheduledExecutorService timer;

    public ResizeConfirmer(Database db, Clock clock, ServerResizes resizes, ComputeHosts hosts, Duration window) {
        this.db = db;
        this.clock = clock;
        this.resizes = resizes;
        this.hosts = hosts;
        this.window = window;
    }

    /** Runs from now on; nothing when the window is zero. */
    public synchronized void start() {
        if (window.isZero() || window.isNegative() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "novalab-poll-unconfirmed-resizes");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, Math.min(NOVA_PERIOD.toMillis(), window.toMillis() / 2));
        timer.scheduleWithFixedDelay(this::confirmQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass: how many resizes it confirmed. */
    public int confirmDue() {
        if (window.isZero() || window.isNegative()) {
            return 0;
        }
        List<MigrationEntity> due = db.read(s -> s.createSelectionQuery("from MigrationEntity m where "
                        + "m.status = 'finished' and m.migrationType in ('resize', 'migration') and m.updatedAt <= :cutoff "
                        + "order by m.updatedAt", MigrationEntity.class)
                .setParameter("cutoff", clock.instant().minus(window)).list());
        int confirmed = 0;
        for (MigrationEntity m : due) {
            if (!hosts.hosts().contains(m.sourceCompute())) {
                continue;
            }
            try {
                if (resizes.confirmWaited(m.instanceUuid(), m.uuid())) {
                    LOG.info("automatically confirmed the resize of instance {} after {} s", m.instanceUuid(),
                            window.toSeconds());
                    confirmed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("could not confirm the resize of instance {}: {}", m.instanceUuid(), e.getMessage());
            }
        }
        return confirmed;
    }

    private void confirmQuietly() {
        try {
            confirmDue();
        } catch (RuntimeException e) {
            LOG.warn("polling unconfirmed resizes failed: {}", e.toString());
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
