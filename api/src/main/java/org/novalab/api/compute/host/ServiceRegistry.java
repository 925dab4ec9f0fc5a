package org.novalab.api.compute.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.novalab.api.persistence.Constraints;
import org.novalab.api.persistence.Database;
import org.novalab.compute.rpc.ComputeHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's service group: the services this process runs register on start ({@code nova-compute} and its compute node
 * for each compute host, {@code nova-scheduler} and {@code nova-conductor} for the work the API process does on its
 * own host) and beat every {@code report_interval}; a service is up while its last beat is younger than
 * {@code service_down_time} ({@link ServiceGroup}) and nobody forced it down. Processes sharing a database see each
 * other's services.
 */
public final class ServiceRegistry implements AutoCloseable {
    public static final String COMPUTE = "nova-compute";
    public static final String SCHEDULER = "nova-scheduler";
    public static final String CONDUCTOR = "nova-conductor";
    /** Resources are reported every this many heartbeats: once a minute at Nova's 10 s, as its
     * update_available_resource. */
    static final int BEATS_PER_REPORT = 6;
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistry.class);

    private final Database db;
    private final Clock clock;
    private final ServiceGroup timing;
    private final String apiHost;
    private final ComputeHosts computeHosts;
    /** Whether this process is the control plane (scheduler and conductor) too, or a compute service only. */
    private final boolean controlPlane;
    /** What the compute hosts this process runs have; reported in their compute node rows. */
    private final HostResources reporter;
    private final List<ServiceKey> ours = new ArrayList<>();
    private ScheduledExecutorService beats;
    private int beatsSinceReport;

    private record ServiceKey(String host, String binary, String topic) {
    }

    /**
     * The registry of a process that runs the API: its scheduler and conductor, and the compute hosts it runs,
     * whose resources {@code reporter} tells.
     */
    public ServiceRegistry(Database db, Clock clock, ServiceGroup timing, String apiHost, ComputeHosts computeHosts,
                           HostResources reporter) {
        this(db, clock, timing, apiHost, computeHosts, reporter, true);
    }

    private ServiceRegistry(Database db, Clock clock, ServiceGroup timing, String apiHost, ComputeHosts computeHosts,
                            HostResources reporter, boolean controlPlane) {
        this.db = db;
        this.clock = clock;
        this.timing = timing;
        this.apiHost = apiHost;
        this.computeHosts = computeHosts;
        this.reporter = reporter;
        this.controlPlane = controlPlane;
    }

    /**
     * The registry of a {@code novalab compute} process: only its {@code nova-compute} services and their compute
     * nodes, in the database the API shares, so the API's scheduler finds them (Nova's own way: the service row
     * and its heartbeat are the service group).
     */
    public static ServiceRegistry computeServices(Database db, Clock clock, ServiceGroup timing,
                                                  ComputeHosts computeHosts, HostResources reporter) {
        return new ServiceRegistry(db, clock, timing, null, computeHosts, reporter, false);
    }

    /** A registry that only reads the shared rows (an api role's view of the compute services). */
    public static ServiceRegistry reader(Database db, Clock clock, ServiceGroup timing) {
        return new ServiceRegistry(db, clock, timing, null, List::of, null, false);
    }

    /**
     * Registers this process's services and compute nodes with what their hosts have, beats once, then every
     * {@code report_interval}; the hosts' resources are reported again every {@link #BEATS_PER_REPORT} beats.
     */
    public synchronized void start() {
        if (controlPlane) {
            ours.add(new ServiceKey(apiHost, SCHEDULER, "scheduler"));
            ours.add(new ServiceKey(apiHost, CONDUCTOR, "conductor"));
        }
        computeHosts.hosts().forEach(h -> ours.add(new ServiceKey(h, COMPUTE, "compute")));
        for (ServiceKey key : ours) {
            register(key);
        }
        beat();
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "novalab-service-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = timing.reportInterval().toMillis();
        beats.scheduleWithFixedDelay(this::beatQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void register(ServiceKey key) {
        try {
            db.run(s -> {
                Instant now = clock.instant();
                if (service(s, key.host(), key.binary()) == null) {
                    s.persist(new ServiceEntity(UUID.randomUUID().toString(), key.host(), key.binary(), key.topic(),
                            now));
                }
                if (key.binary().equals(COMPUTE) && node(s, key.host()) == null) {
                    ComputeNodeEntity node = new ComputeNodeEntity(UUID.randomUUID().toString(), key.host(),
                            key.host(), now);
                    node.report(reporter.of(key.host()), now); // the scheduler never sees a node without numbers
                    s.persist(node);
                }
            });
        } catch (RuntimeException e) {
            if (!Constraints.violated(e)) {
                throw e;
            }
            // another process sharing the database registered it at the same moment
        }
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("service heartbeat failed: {}", e.toString());
        }
    }

    /**
     * Nova's {@code report_state}: this process's services say they are alive; the first beat and every
     * {@link #BEATS_PER_REPORT}th also report the compute hosts' resources (a registered node's numbers may be a
     * previous run's).
     */
    synchronized void beat() {
        Instant now = clock.instant();
        boolean report = beatsSinceReport++ % BEATS_PER_REPORT == 0;
        // measured outside the transaction: the probe reads file systems and /proc, never while holding rows
        java.util.Map<String, HostResources.Capacity> reports = new java.util.LinkedHashMap<>();
        if (report) {
            ours.stream().filter(k -> k.binary().equals(COMPUTE)).forEach(k -> reports.put(k.host(),
                    reporter.of(k.host())));
        }
        db.run(s -> {
            ours.forEach(key -> s.createMutationQuery("update ServiceEntity v set v.updatedAt = :now "
                            + "where v.host = :host and v.binary = :binary")
                    .setParameter("now", now).setParameter("host", key.host()).setParameter("binary", key.binary())
                    .executeUpdate());
            reports.forEach((host, capacity) -> {
                ComputeNodeEntity node = node(s, host);
                if (node != null) {
                    node.report(capacity, now);
                }
            });
        });
    }

    public boolean isUp(ServiceEntity service) {
        return !service.forcedDown() && service.updatedAt() != null
                && Duration.between(service.updatedAt(), clock.instant()).compareTo(timing.downTime()) <= 0;
    }

    /** Services by host and binary (either may be null: any), in id order. */
    public List<ServiceEntity> list(String host, String binary) {
        return db.read(s -> {
            StringBuilder hql = new StringBuilder("from ServiceEntity v where 1 = 1");
            if (host != null) {
                hql.append(" and v.host = :host");
            }
            if (binary != null) {
                hql.append(" and v.binary = :binary");
            }
            var q = s.createSelectionQuery(hql.append(" order by v.id").toString(), ServiceEntity.class);
            if (host != null) {
                q.setParameter("host", host);
            }
            if (binary != null) {
                q.setParameter("binary", binary);
            }
            return q.list();
        });
    }

    public Optional<ServiceEntity> byUuid(String uuid) {
        return Optional.ofNullable(db.read(s -> s.createSelectionQuery("from ServiceEntity v where v.uuid = :u",
                ServiceEntity.class).setParameter("u", uuid).uniqueResult()));
    }

    public Optional<ServiceEntity> byHostAndBinary(String host, String binary) {
        return Optional.ofNullable(db.read(s -> service(s, host, binary)));
    }

    /** Changes a service's status and forced-down flag in one transaction; the service as it is then. */
    public ServiceEntity update(String uuid, ServiceChange change) {
        return db.write(s -> {
            ServiceEntity service = s.createSelectionQuery("from ServiceEntity v where v.uuid = :u", ServiceEntity.class)
                    .setParameter("u", uuid).uniqueResult();
            if (service == null) {
                return null;
            }
            change.applyTo(service);
            return service;
        });
    }

    /** Whether the scheduler may place an instance on {@code host}: its compute service is enabled and up. */
    public boolean schedulable(String host) {
        return byHostAndBinary(host, COMPUTE).map(s -> !s.disabled() && isUp(s)).orElse(false);
    }

    /** The hosts {@link #schedulable} lets through, from one read of the compute services. */
    public java.util.Set<String> schedulableHosts() {
        return list(null, COMPUTE).stream().filter(s -> !s.disabled() && isUp(s)).map(ServiceEntity::host)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The compute node of {@code host}, if its compute service registered one. */
    public Optional<ComputeNodeEntity> computeNode(String host) {
        return Optional.ofNullable(db.read(s -> node(s, host)));
    }

    public List<ComputeNodeEntity> computeNodes() {
        return db.read(s -> s.createSelectionQuery("from ComputeNodeEntity n order by n.id", ComputeNodeEntity.class)
                .list());
    }

    private static ServiceEntity service(Session s, String host, String binary) {
        return s.createSelectionQuery("from ServiceEntity v where v.host = :h and v.binary = :b", ServiceEntity.class)
                .setParameter("h", host).setParameter("b", binary).uniqueResult();
    }

    private static ComputeNodeEntity node(Session s, String host) {
        return s.createSelectionQuery("from ComputeNodeEntity n where n.host = :h", ComputeNodeEntity.class)
                .setParameter("h", host).uniqueResult();
    }

    @Override
    public synchronized void close() {
        if (beats != null) {
            beats.shutdownNow();
        }
    }
}
