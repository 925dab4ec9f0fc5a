package org.novalab.api.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.novalab.api.metrics.InstanceStateGauges;
import org.novalab.api.metrics.ServerMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.SortedSet;
import org.novalab.api.openapi.OpenApiDocument;
import org.novalab.api.openapi.Operation;
import org.novalab.api.openapi.RouteTable;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.novalab.api.compute.ComputeEntities;
import org.novalab.api.compute.ComputeRoutes;
import org.novalab.api.compute.FaultEntity;
import org.novalab.api.compute.FlavorEntity;
import org.novalab.api.compute.FlavorService;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.NovaServices;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.http.Blocking;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.IdentityRoutes;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.KeystoneEntities;
import org.novalab.api.identity.credential.CredentialSeal;
import org.novalab.api.identity.DomainEntity;
import org.novalab.api.identity.ProjectEntity;
import org.novalab.api.identity.RoleEntity;
import org.novalab.api.identity.AssignmentEntity;
import org.novalab.api.identity.GroupEntity;
import org.novalab.api.identity.GroupMembershipEntity;
import org.novalab.api.identity.RoleImplicationEntity;
import org.novalab.api.identity.TokenEntity;
import org.novalab.api.identity.UserEntity;
import org.novalab.api.image.HibernateImageRepository;
import org.novalab.api.image.ImageEntity;
import org.novalab.api.image.ImageMemberEntity;
import org.novalab.api.image.metadef.AssociationEntity;
import org.novalab.api.image.metadef.ItemEntity;
import org.novalab.api.image.metadef.MetadefRoutes;
import org.novalab.api.image.metadef.NamespaceEntity;
import org.novalab.api.image.metadef.ResourceTypeEntity;
import org.novalab.api.image.ImageRoutes;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.api.keys.PassphraseEntity;
import org.novalab.api.persistence.Database;
import org.novalab.api.virsh.VirshRoutes;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.volume.ServerVolumeRoutes;
import org.novalab.api.compute.volume.ServerVolumes;
import org.novalab.api.placement.PlacementRoutes;
import org.novalab.api.volume.BlockStorage;
import org.novalab.api.volume.VolumeRoutes;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.image.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running novalab: database, identity, image store, the compute hosts behind their door, and the HTTP server,
 * wired together; {@link #close()} stops them in reverse order (HTTP first, so no request lands on a closed store).
 */
public final class NovalabServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NovalabServer.class);
    /** Every mapped entity. */
    public static final List<Class<?>> ENTITIES = Stream.concat(Stream.of(DomainEntity.class, ProjectEntity.class,
            UserEntity.class, RoleEntity.class, AssignmentEntity.class, GroupEntity.class,
            GroupMembershipEntity.class, RoleImplicationEntity.class, TokenEntity.class, ImageEntity.class,
            ImageMemberEntity.class, FlavorEntity.class, InstanceEntity.class, FaultEntity.class,
            PassphraseEntity.class, NamespaceEntity.class, ItemEntity.class, ResourceTypeEntity.class,
            AssociationEntity.class), Stream.concat(KeystoneEntities.LIST.stream(), Stream.concat(
            ComputeEntities.LIST.stream(), org.novalab.api.volume.VolumeEntities.LIST.stream()))).toList();

    /** Vert.x worker threads: request work that touches the database or the disk runs there. */
    static final int WORKER_THREADS = 16;
    /** HTTP listeners, one per event loop (connections are spread over them). */
    static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Vertx vertx;
    private final int port;
    private final Database db;
    private final ComputeServices.Running compute;
    private final NovaServices nova;
    private final Optional<String> generatedAdminPassword;
    private final StateLock stateLock;
    private final ServerMetrics serverMetrics;
    /** The block storage service, closed before the database its worker records in. */
    private final BlockStorage blockStorage;
    /** Glance's store: on a Ceph cluster its connection, closed after everything that reads images. */
    private final GlanceStore glanceStore;
    /** What the router answers once every feature and extension has mounted its routes. */
    private final SortedSet<Operation> operations;

    private NovalabServer(Vertx vertx, int port, Database db, ComputeServices.Running compute, NovaServices nova,
            Optional<String> generatedAdminPassword, StateLock stateLock, ServerMetrics serverMetrics,
            BlockStorage blockStorage, GlanceStore glanceStore, SortedSet<Operation> operations) {
        this.glanceStore = glanceStore;
        this.operations = operations;
        this.serverMetrics = serverMetrics;
        this.blockStorage = blockStorage;
        this.vertx = vertx;
        this.port = port;
        this.db = db;
        this.compute = compute;
        this.nova = nova;
        this.generatedAdminPassword = generatedAdminPassword;
        this.stateLock = stateLock;
    }

    /** The operations this server's router answers (method and OpenAPI path template), extensions' included. */
    public SortedSet<Operation> operations() {
        return operations;
    }

    public static NovalabServer start(ServerConfig config, ComputeServices computeServices) throws Exception {
        // before anything is created: a busy port or an unreachable database leaves a fresh state dir unmade
        StartupChecks.run(config);
        StateDirectory.makePrivate(config.stateDir(), config.hypervisorUri());
        StateLock stateLock = StateLock.acquire(config.stateDir());
        try {
            return start(config, computeServices, stateLock);
        } catch (Exception | Error e) {
            stateLock.close();
            throw e;
        }
    }

    private static NovalabServer start(ServerConfig config, ComputeServices computeServices, StateLock stateLock)
            throws Exception {
        // Database users: Vert.x workers, compute threads, and a few for startup and the lab's background work.
        Database db = Database.open(config.database(), ENTITIES, WORKER_THREADS + config.buildThreads() + 4);
        ComputeServices.Running compute = null;
        NovaServices nova = null;
        Vertx vertx = null;
        ServerMetrics serverMetrics = new ServerMetrics();
        BlockStorage blockStorage = null;
        GlanceStore glanceStore = null;
        try {
            PrometheusMeterRegistry metrics = serverMetrics.registry();
            Clock clock = Clock.systemUTC();
            IdentityService identity = new IdentityService(db, config.tokenTtl(), clock);
            Optional<String> generated = identity.bootstrap(config.adminPassword());
            FlavorService flavors = new FlavorService(db);
            flavors.bootstrap();
            glanceStore = GlanceStore.open(config);
            ImageService images = new ImageService(new HibernateImageRepository(db), glanceStore.pool(), clock,
                    glanceStore.order(), glanceStore.locationPrefix());
            // with a database of the state dir's own, every image record is this server's to put right
            images.recoverInterrupted(config.database().embeddedIn().isPresent());
            images.bootstrapFixture().ifPresent(i -> LOG.info("first start: image {} ({}) is ready to boot",
                    i.name(), i.id()));
            HostFit.Ratios ratios = config.scheduling().ratios();
            HibernateInstanceStore instances = new HibernateInstanceStore(db, clock, ratios);
            InstanceStateGauges.register(metrics, instances::countByVmState, clock, Duration.ofSeconds(5));
            // an api role runs no compute host: an instance without one stays without one
            int adopted = computeServices.runsLocalCompute() ? instances.adoptUnhosted(config.host()) : 0;
            if (adopted > 0) {
                LOG.info("{} instances recorded without a host now belong to compute host {}", adopted, config.host());
            }
            // the compute hosts start first: their init_host recovery runs before any request arrives
            compute = computeServices.start(new ComputeServices.Context(config, db, images, instances, metrics));
            warnAboutUnservedHosts(instances, compute.hosts());
            nova = new NovaServices(db, flavors, images, instances, compute.api(), compute.hosts(), compute.served(),
                    config.host(),
                    config.stateDir(), project -> identity.project(project).isPresent(), clock,
                    config.reclaimInstanceInterval(), ratios, config.scheduling().maxAttempts(),
                    config.scheduling().allowResizeToSameHost(), config.serviceGroup());
            nova.confirmResizesAfter(config.resizeConfirmWindow());
            nova.offloadShelvedAfter(config.shelvedOffloadTime());
            nova.encryptByDefault(config.hostSettings().ephemeralEncryption());
            nova.start();

            vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(WORKER_THREADS));
            Blocking blocking = new Blocking(vertx);
            AuthFilter auth = new AuthFilter(vertx, identity);
            // read once: Keystone's credentials and the volumes' passphrases are sealed under the same key
            SecureRandom random = new SecureRandom();
            SecretKey masterKey = LibvirtComputeServices.masterKey(config, random);
            List<ApiExtension> extensions = ServiceLoader.load(ApiExtension.class).stream()
                    .map(ServiceLoader.Provider::get).toList();
            // prepared once: every answer to GET /openapi.json is these bytes
            OpenApiDocument openapi = OpenApiDocument.assemble(extensions);
            var router = ApiRouter.create(vertx, config.bodyLimitBytes(), auth,
                    new IdentityRoutes(identity, blocking, auth, new CredentialSeal(masterKey, random)),
                    new ComputeRoutes(nova, blocking, auth),
                    new ImageRoutes(vertx, images, blocking, new MetadefRoutes(db, blocking)), metrics,
                    openapi.bytes());
            new VirshRoutes(blocking, auth, compute.api(), compute.hosts()).mount(router);
            blockStorage = BlockStorage.start(config.stateDir(), db, images,
                    new EmbeddedKeyManager(masterKey, new HibernateSecretStore(db), random, clock),
                    config.host(), clock);
            new VolumeRoutes(blockStorage, blocking, auth).mount(router);
            new PlacementRoutes(db, ratios, blocking, auth).mount(router);
            // Nova's volume attachments over Cinder's: a deleted server's volumes are detached (or deleted) after it
            BlockStorage storage = blockStorage;
            instances.onRemoved(uuid -> storage.attachments().instanceDeleted(uuid.toString()));
            nova.attachedVolumes(servers -> storage.attachments().attachedTo(servers));
            new ServerVolumeRoutes(new ServerVolumes(nova.queries(), instances, compute.api(),
                    new HostDoor(compute.hosts()), blockStorage.attachments()), blocking).mount(router);
            ApiExtension.Context extension = new ApiExtension.Context(router, blocking, auth, compute.api(),
                    compute.hosts(), images, new org.novalab.api.compute.InstanceOverviews(db), instances.changes());
            extensions.forEach(e -> e.mount(extension));
            AtomicInteger port = new AtomicInteger();
            // Listeners share a port only when they ask for the same one, so port 0 is resolved here, once.
            int wanted = config.port() == 0 ? freePort() : config.port();
            try {
                vertx.deployVerticle(() -> new HttpListener(router, config.hostSettings().listenAddress(), wanted, port),
                        new DeploymentOptions().setInstances(EVENT_LOOPS))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // taken since StartupChecks looked
                throw e.getCause() instanceof java.net.BindException ? StartupChecks.portInUse(wanted) : e;
            }
            LOG.info("novalab listening on port {} (state {})", port.get(), config.stateDir().toAbsolutePath());
            return new NovalabServer(vertx, port.get(), db, compute, nova, generated, stateLock, serverMetrics,
                    blockStorage, glanceStore, RouteTable.of(router));
        } catch (Exception | Error e) {
            if (blockStorage != null) {
                blockStorage.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            if (nova != null) {
                nova.close();
            }
            if (compute != null) {
                compute.close();
            }
            if (glanceStore != null) {
                glanceStore.close();
            }
            db.close();
            serverMetrics.close();
            throw e;
        }
    }

    /** Instances on a host nobody serves (the host was renamed, or is another server's) cannot be acted on. */
    private static void warnAboutUnservedHosts(HibernateInstanceStore instances, ComputeHosts served) {
        List<String> unserved = instances.hostsWithInstances().stream().filter(h -> !served.hosts().contains(h))
                .sorted().toList();
        if (!unserved.isEmpty()) {
            LOG.warn("instances are placed on compute hosts {} that this server does not run (it runs {}): they "
                    + "can be neither changed nor deleted here; start with --host NAME to serve one", unserved,
                    served.hosts());
        }
    }

    public int port() {
        return port;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The admin password generated on first start, to print once; empty on later starts or when given. */
    public Optional<String> generatedAdminPassword() {
        return generatedAdminPassword;
    }

    /** Waits until queued builds and actions have run (tests). */
    public void awaitIdle() throws InterruptedException {
        compute.awaitIdle(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            // Closing Vert.x undeploys the listeners first: no request lands on a closed store.
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the HTTP server: {}", e.toString());
        }
        nova.close();
        compute.close();
        if (blockStorage != null) {
            blockStorage.close();
        }
        glanceStore.close();
        db.close();
        serverMetrics.close();
        try {
            stateLock.close();
        } catch (java.io.IOException e) {
            LOG.warn("releasing the state lock: {}", e.toString());
        }
        LOG.info("novalab stopped");
    }
}
