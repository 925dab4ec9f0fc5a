package org.novalab.api.compute;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.novalab.api.compute.admin.ServerStateReset;
import org.novalab.api.compute.aggregate.AggregateService;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.delete.LocalDeletes;
import org.novalab.api.compute.delete.ServerDeletes;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.api.compute.delete.SoftDeleteReclaimer;
import org.novalab.api.compute.resize.ResizeConfirmer;
import org.novalab.api.compute.resize.ServerEvacuations;
import org.novalab.api.compute.resize.ServerMigrations;
import org.novalab.api.compute.resize.ServerResizes;
import org.novalab.api.compute.group.ServerGroupService;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.compute.host.HostResources;
import org.novalab.api.compute.host.LocalHostResources;
import org.novalab.api.compute.host.ReportedHostResources;
import org.novalab.api.compute.host.ServiceGroup;
import org.novalab.api.compute.resize.HibernateResizeStore;
import org.novalab.api.compute.stranded.StrandedServers;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.compute.keypair.KeyPairService;
import org.novalab.api.compute.lock.ServerLocks;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.compute.adminpass.AdminPasswordChanges;
import org.novalab.api.compute.rescue.ServerRescues;
import org.novalab.api.compute.rebuild.ServerRebuilds;
import org.novalab.api.compute.server.ServerRows;
import org.novalab.api.compute.snapshot.ServerSnapshots;
import org.novalab.api.compute.shelve.ServerShelves;
import org.novalab.api.compute.shelve.ShelveOffloader;
import org.novalab.api.compute.snapshot.SnapshotActions;
import org.novalab.api.compute.usage.InstanceUsageAudit;
import org.novalab.api.persistence.Database;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.image.ImageService;

/** The compute API's services, wired once: what {@link ComputeRoutes} mounts, and what a server create checks. */
public final class NovaServices implements AutoCloseable {
    private final Database db;
    private final Clock clock;
    private final FlavorService flavors;
    private final ServerQueries queries;
    private final ServerService servers;
    private final KeyPairService keyPairs;
    private final QuotaService quotas;
    private final ServerGroupService groups;
    private final Predicate<String> projectExists;
    private final ComputeApi compute;
    private final ComputeHosts hosts;
    private final HibernateInstanceStore instances;
    private final ImageService images;
    private final ServiceRegistry services;
    private final HostResources hostResources;
    private final AvailabilityZones zones;
    private final AggregateService aggregates;
    private final InstanceUsageAudit usageAudit;
    private final ServerRebuilds rebuilds;
    private volatile AttachedVolumes attachedVolumes = AttachedVolumes.NONE;
    private final ServerDeletes deletes;
    private final SoftDeleteReclaimer reclaimer;
    private final ServerResizes resizes;
    private final ServerMigrations migrations;
    private ResizeConfirmer resizeConfirmer;
    private ShelveOffloader shelveOffloader;
    private final ServerStateReset stateReset;
    private final ServerLocks locks;
    private final ServerRescues rescues;
    private final AdminPasswordChanges adminPasswords;
    private final SnapshotActions snapshots;
    private final ServerShelves shelves;
    private final ServerEvacuations evacuations;
    private final StrandedServers stranded;

    /**
     * @param hosts         the compute hosts that are up, wherever they run (where servers may be placed)
     * @param served        the compute hosts this process runs itself (it registers them and beats for them)
     * @param apiHost       the host this process runs on (its scheduler and conductor services are there)
     * @param instancesDir  where the compute hosts of this process keep instance directories
     * @param projectExists whether Keystone knows a project (Nova's {@code verify_project_id})
     * @param reclaimInterval Nova's {@code reclaim_instance_interval}: above zero, deletes are soft
     * @param ratios        Nova's allocation ratios: how far the scheduler fills a host
     * @param maxAttempts   Nova's [scheduler] max_attempts: the hosts a build may be tried on
     * @param resizeInPlace Nova's allow_resize_to_same_host
     * @param serviceGroup  Nova's report_interval and service_down_time
     */
    public NovaServices(Database db, FlavorService flavors, ImageService images, HibernateInstanceStore instances,
            ComputeApi compute, ComputeHosts hosts, ComputeHosts served, String apiHost, Path instancesDir,
            Predicate<String> projectExists,
            Clock clock, Duration reclaimInterval, HostFit.Ratios ratios, int maxAttempts, boolean resizeInPlace,
            ServiceGroup serviceGroup) {
        this.db = db;
        this.clock = clock;
        this.flavors = flavors;
        this.compute = compute;
        this.hosts = hosts;
        this.instances = instances;
        this.images = images;
        this.queries = new ServerQueries(db);
        this.projectExists = projectExists;
        this.services = new ServiceRegistry(db, clock, serviceGroup, apiHost, served,
                new LocalHostResources(instancesDir, compute::getCapabilities));
        this.zones = new AvailabilityZones(db);
        this.usageAudit = new InstanceUsageAudit(db, clock, hosts::hosts);
        this.aggregates = new AggregateService(db, clock,
                host -> services.byHostAndBinary(host, ServiceRegistry.COMPUTE).isPresent());
        this.hostResources = new ReportedHostResources(services, served, compute);
        this.quotas = new QuotaService(db);
        this.keyPairs = new KeyPairService(db, clock, (caller, user, count) -> quotas.checkKeyPairs(caller, count));
        this.groups = new ServerGroupService(db, quotas, clock);
        Scheduler scheduler = new Scheduler(hosts, compute, services::schedulableHosts, db, new HostFit(ratios),
                maxAttempts);
        this.servers = new ServerService(db, flavors, images, queries, instances, compute, hosts, scheduler, keyPairs,
                quotas, groups, zones, clock);
        this.rebuilds = new ServerRebuilds(db, clock, queries, images, keyPairs, quotas, instances, compute,
                new HostDoor(hosts));
        this.shelves = new ServerShelves(db, clock, queries, images, instances, compute, new HostDoor(hosts),
                ServerShelves.OFFLOAD_AT_ONCE);
        MoveDestinations destinations = new MoveDestinations(scheduler, groups);
        this.resizes = new ServerResizes(db, clock, queries, flavors, quotas, images, instances, compute,
                new HostDoor(hosts), destinations, resizeInPlace);
        this.evacuations = new ServerEvacuations(db, clock, queries, services, instances, destinations, compute, images);
        this.stranded = new StrandedServers(db, clock, services, instances, new HibernateResizeStore(db, clock),
                compute, serviceGroup.reportInterval());
        this.deletes = new ServerDeletes(servers, queries, instances, quotas, new HostDoor(hosts), reclaimInterval,
                shelves, resizes, new LocalDeletes(services, instances, new HibernateSecretStore(db)));
        this.reclaimer = new SoftDeleteReclaimer(instances, compute, hosts, clock, reclaimInterval);
        this.migrations = new ServerMigrations(queries, services, new HostDoor(hosts), resizes);
        this.stateReset = new ServerStateReset(queries, new ServerRows(db, clock), instances.actions());
        this.locks = new ServerLocks(queries, new ServerRows(db, clock), instances.actions());
        this.rescues = new ServerRescues(queries, images, instances, compute, new HostDoor(hosts));
        this.adminPasswords = new AdminPasswordChanges(queries, images, instances, compute, new HostDoor(hosts));
        this.snapshots = new SnapshotActions(new ServerSnapshots(queries, images, quotas, instances, compute,
                new HostDoor(hosts)));
    }

    public Database db() {
        return db;
    }

    public Clock clock() {
        return clock;
    }

    public FlavorService flavors() {
        return flavors;
    }

    public ServerQueries queries() {
        return queries;
    }

    public ServerService servers() {
        return servers;
    }

    public ServerLocks locks() {
        return locks;
    }

    public ServerStateReset stateReset() {
        return stateReset;
    }

    public ServerDeletes deletes() {
        return deletes;
    }

    /** Nova's evacuate. */
    public ServerEvacuations evacuations() {
        return evacuations;
    }

    /** Nova's resize, confirmResize and revertResize. */
    public ServerResizes resizes() {
        return resizes;
    }

    /**
     * Nova's {@code resize_confirm_window}: resizes waiting longer are confirmed by a periodic task, started with the
     * others (zero: never).
     */
    public synchronized void confirmResizesAfter(Duration window) {
        resizeConfirmer = new ResizeConfirmer(db, clock, resizes, hosts, window);
    }

    /** Nova's {@code [ephemeral_storage_encryption]} enabled and default_format, for new servers' root disks. */
    public void encryptByDefault(org.novalab.compute.EncryptionChoice.Defaults defaults) {
        servers.encryptByDefault(defaults);
    }

    /**
     * Nova's {@code shelved_offload_time} in seconds: 0 offloads a shelved server at once, above 0 a periodic task
     * offloads it once it has been shelved that long, -1 never.
     */
    public synchronized void offloadShelvedAfter(int seconds) {
        shelves.offloadAfter(seconds);
        shelveOffloader = new ShelveOffloader(db, clock, shelves, hosts, seconds);
    }

    /** The periodic offload of servers shelved longer than {@code shelved_offload_time} (tests run a pass). */
    public synchronized ShelveOffloader shelveOffloader() {
        if (shelveOffloader == null) {
            offloadShelvedAfter(ServerShelves.OFFLOAD_AT_ONCE);
        }
        return shelveOffloader;
    }

    /** The periodic confirm of resizes waiting longer than the window (tests run a pass themselves). */
    public synchronized ResizeConfirmer resizeConfirmer() {
        if (resizeConfirmer == null) {
            confirmResizesAfter(Duration.ZERO);
        }
        return resizeConfirmer;
    }

    /** Nova's cold and live migration (on one host: there is nowhere to go). */
    public ServerMigrations migrations() {
        return migrations;
    }

    /** Nova's periodic reclaim of soft-deleted servers (tests run a pass themselves). */
    public SoftDeleteReclaimer reclaimer() {
        return reclaimer;
    }

    public ServerRescues rescues() {
        return rescues;
    }

    public AdminPasswordChanges adminPasswords() {
        return adminPasswords;
    }

    /** createImage and createBackup. */
    public ServerShelves shelves() {
        return shelves;
    }

    public SnapshotActions snapshots() {
        return snapshots;
    }

    /** The block storage service tells which volumes each server has attached (set once it is started). */
    public void attachedVolumes(AttachedVolumes attached) {
        this.attachedVolumes = attached;
    }

    public AttachedVolumes attachedVolumes() {
        return attachedVolumes;
    }

    public ServerRebuilds rebuilds() {
        return rebuilds;
    }

    public KeyPairService keyPairs() {
        return keyPairs;
    }

    public QuotaService quotas() {
        return quotas;
    }

    public ServerGroupService groups() {
        return groups;
    }

    public Predicate<String> projectExists() {
        return projectExists;
    }

    /**
     * Registers this process's services and starts their heartbeat, their periodic instance usage audit and the
     * reclaim of soft-deleted servers.
     */
    public void start() {
        services.start();
        usageAudit.start();
        reclaimer.start();
        resizeConfirmer().start();
        shelveOffloader().start();
        stranded.start();
    }

    /** The conductor's pass over servers that compute hosts which went down left in a task (tests run it). */
    public StrandedServers stranded() {
        return stranded;
    }

    public ImageService images() {
        return images;
    }

    public HibernateInstanceStore instances() {
        return instances;
    }

    public ServiceRegistry services() {
        return services;
    }

    public HostResources hostResources() {
        return hostResources;
    }

    public AvailabilityZones zones() {
        return zones;
    }

    public AggregateService aggregates() {
        return aggregates;
    }

    @Override
    public void close() {
        stranded.close();
        reclaimer.close();
        resizeConfirmer().close();
        shelveOffloader().close();
        usageAudit.close();
        services.close();
    }

    public ComputeApi compute() {
        return compute;
    }

    public ComputeHosts hosts() {
        return hosts;
    }
}
