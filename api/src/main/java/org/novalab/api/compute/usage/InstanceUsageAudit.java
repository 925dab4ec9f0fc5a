package org.novalab.api.compute.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.novalab.api.persistence.Constraints;
import org.novalab.api.persistence.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code _instance_usage_audit} periodic task, run for each compute host of this process: once per completed
 * audit period it counts the servers the host ran in it (launched before the period ended and not ended before it
 * began, deleted ones too: Nova's active-by-window) and records that in the task log, which
 * {@code os-instance_usage_audit_log} reports. Nova sends each server's usage notification there; novalab has no
 * notification bus, so the count is what it records. Nova runs the task only with {@code instance_usage_audit}
 * on; novalab always runs it, so that the log shows something real.
 */
public final class InstanceUsageAudit implements AutoCloseable {
    static final String TASK = "instance_usage_audit";
    /** How often the task looks whether a period is still to audit (Nova's default periodic interval). */
    static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(InstanceUsageAudit.class);

    private final Database db;
    private final Clock clock;
    private final Supplier<List<String>> hosts;
    private ScheduledExecutorService task;

    /** @param hosts the compute hosts this process runs */
    public InstanceUsageAudit(Database db, Clock clock, Supplier<List<String>> hosts) {
        this.db = db;
        this.clock = clock;
        this.hosts = hosts;
    }

    /** Audits now, then every {@link #INTERVAL}. */
    public synchronized void start() {
        task = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "novalab-instance-usage-audit");
            t.setDaemon(true);
            return t;
        });
        task.scheduleWithFixedDelay(this::runQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("instance usage audit failed: {}", e.toString());
        }
    }

    /** Audits the last completed period on every host that has not audited it yet. */
    public void run() {
        AuditPeriod period = AuditPeriod.lastCompletedBefore(clock.instant());
        for (String host : hosts.get()) {
            audit(host, period);
        }
    }

    private void audit(String host, AuditPeriod period) {
        if (audited(host, period)) {
            return;
        }
        long started = System.nanoTime();
        int servers = activeIn(host, period);
        TaskLogEntity log = new TaskLogEntity(TASK, host, period, servers, "Instance usage audit started...",
                clock.instant());
        try {
            db.run(s -> s.persist(log));
        } catch (RuntimeException e) {
            if (Constraints.violated(e)) {
                return; // another process sharing the database audits this host's period
            }
            throw e;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        db.run(s -> s.find(TaskLogEntity.class, log.id()).end(0, "Instance usage audit ran for host " + host + ", "
                + servers + " instances in " + seconds + " seconds.", clock.instant()));
        LOG.info("instance usage audit for host {} from {} to {}: {} instances", host, period.beginning(),
                period.ending(), servers);
    }

    private boolean audited(String host, AuditPeriod period) {
        return db.read(s -> s.createSelectionQuery("select count(l) from TaskLogEntity l where l.taskName = :task "
                        + "and l.host = :host and l.periodBeginning = :begin and l.periodEnding = :end", Long.class)
                .setParameter("task", TASK).setParameter("host", host).setParameter("begin", period.begin())
                .setParameter("end", period.end()).uniqueResult()) > 0;
    }

    /** The servers on the host in the period, running or deleted (see {@link Usage#activeIn}). */
    private int activeIn(String host, AuditPeriod period) {
        Instant begin = period.begin();
        Instant end = period.end();
        return db.read(s -> {
            long live = s.createSelectionQuery("select count(i) from InstanceEntity i where i.host = :host "
                    + "and i.launchedAt < :end", Long.class).setParameter("host", host).setParameter("end", end)
                    .uniqueResult();
            long gone = s.createSelectionQuery("select count(t) from TerminatedInstanceEntity t where t.host = :host "
                    + "and t.launchedAt < :end and t.terminatedAt > :begin", Long.class).setParameter("host", host)
                    .setParameter("end", end).setParameter("begin", begin).uniqueResult();
            return (int) (live + gone);
        });
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.shutdownNow();
        }
    }
}
