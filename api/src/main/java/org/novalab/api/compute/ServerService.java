package org.novalab.api.compute;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.ErrorMapper;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.image.ImageRoutes;
import org.novalab.api.persistence.Database;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.ImageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servers: validates a request completely before anything is stored, records the instance, and hands the build
 * and every power action to the {@link BuildScheduler}; the driver's outcome becomes the instance's state.
 */
public final class ServerService {
    private static final Logger LOG = LoggerFactory.getLogger(ServerService.class);
    private static final long GIB = 1L << 30;
    public static final int MAX_LIMIT = 1000;

    private final Database db;
    private final FlavorService flavors;
    private final ImageService images;
    private final ComputeBackend backend;
    private final BuildScheduler scheduler;
    private final BuildMetrics metrics;
    private final Clock clock;

    public ServerService(Database db, FlavorService flavors, ImageService images, ComputeBackend backend,
            BuildScheduler scheduler, BuildMetrics metrics, Clock clock) {
        this.db = db;
        this.flavors = flavors;
        this.images = images;
        this.backend = backend;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clock;
    }

    public InstanceEntity create(AuthContext caller, ServerRequest request) {
        FlavorEntity flavor = flavors.find(request.flavorRef())
                .orElseThrow(() -> ApiException.badRequest("Flavor " + request.flavorRef() + " could not be found."));
        ImageRecord image = images.find(request.imageRef()).filter(i -> ImageRoutes.visible(caller, i))
                .orElseThrow(() -> ApiException.badRequest("Image " + request.imageRef() + " could not be found."));
        if (image.status() != ImageStatus.ACTIVE) {
            throw ApiException.badRequest("Image " + image.id() + " is not active (status "
                    + image.status().glanceName() + ").");
        }
        int rootGb = request.volumeSizeGb() != null ? request.volumeSizeGb() : flavor.rootGb();
        long imageBytes = image.virtualSize() != null ? image.virtualSize() : image.size() == null ? 0 : image.size();
        if (rootGb > 0 && imageBytes > rootGb * GIB) {
            throw ApiException.badRequest(String.format(
                    "Flavor's disk is too small for requested image. Flavor disk is %d bytes, image is %d bytes.",
                    rootGb * GIB, imageBytes));
        }
        if (image.minDisk() > rootGb && rootGb > 0) {
            throw ApiException.badRequest("Flavor's disk is too small for requested image: the image needs "
                    + image.minDisk() + " GB, the flavor has " + rootGb + " GB.");
        }
        if (image.minRam() > flavor.ramMb()) {
            throw ApiException.badRequest("Flavor's memory is too small for requested image: the image needs "
                    + image.minRam() + " MB.");
        }
        UUID uuid = UUID.randomUUID();
        BuildPlan draft = new BuildPlan(uuid, 0, request.name(), BuildPlan.FlavorSpec.of(flavor), image.id(),
                image.properties(), imageBytes, request.backend(), rootGb);
        backend.check(draft);
        Instant now = now();
        InstanceEntity instance = db.write(s -> {
            InstanceEntity e = new InstanceEntity(uuid.toString(), request.name(), caller.projectId(), caller.userId(),
                    image.id(), flavor.id(), request.backend().name(), request.metadata(), request.description(), now);
            s.persist(e);
            return e;
        });
        BuildPlan plan = new BuildPlan(uuid, instance.id(), request.name(), draft.flavor(), image.id(),
                image.properties(), imageBytes, request.backend(), rootGb);
        try {
            scheduler.submit(instance.uuid(), () -> build(plan));
        } catch (RejectedExecutionException e) {
            fail(instance.uuid(), 503, "novalab is at capacity: the build queue is full; delete this server and retry");
        }
        return instance;
    }

    private void build(BuildPlan plan) {
        String uuid = plan.uuid().toString();
        if (!update(uuid, i -> i.transition(VmState.BUILDING, TaskState.SPAWNING, PowerState.NOSTATE, now()))) {
            return;
        }
        long started = System.nanoTime();
        try {
            String host = backend.spawn(plan);
            update(uuid, i -> {
                i.transition(VmState.ACTIVE, null, PowerState.RUNNING, now());
                i.launched(host, now());
            });
            metrics.booted(Duration.ofNanos(System.nanoTime() - started));
            LOG.info("instance {} ({}) is ACTIVE", uuid, plan.name());
        } catch (InterruptedException e) {
            // novalab is stopping: the instance stays in BUILD and the next start marks it ERROR (recover()).
            Thread.currentThread().interrupt();
            LOG.warn("build of instance {} interrupted by shutdown", uuid);
        } catch (Exception e) {
            metrics.failed(Duration.ofNanos(System.nanoTime() - started));
            LOG.warn("build of instance {} failed: {}", uuid, faultMessage(e));
            fail(uuid, 500, faultMessage(e));
        }
    }

    public InstanceEntity get(AuthContext caller, String uuid) {
        InstanceEntity instance = db.read(s -> byUuid(s, uuid));
        if (instance == null || !(caller.isAdmin() || instance.projectId().equals(caller.projectId()))) {
            throw ApiException.notFound("Instance " + uuid + " could not be found.");
        }
        return instance;
    }

    public FaultEntity fault(InstanceEntity instance) {
        if (instance.vmState() != VmState.ERROR) {
            return null;
        }
        return faults(List.of(instance.id())).get(instance.id());
    }

    public ServerPage list(AuthContext caller, ServerQuery q) {
        int limit = q.limit() == null ? MAX_LIMIT : Math.min(q.limit(), MAX_LIMIT);
        if (limit < 0) {
            throw ApiException.badRequest("limit must be >= 0");
        }
        Pattern namePattern = null;
        if (q.name() != null) {
            try {
                namePattern = Pattern.compile(q.name());
            } catch (PatternSyntaxException e) {
                throw ApiException.badRequest("Invalid regular expression in the name filter: " + q.name());
            }
        }
        Pattern nameFilter = namePattern;
        List<InstanceEntity> rows = db.read(s -> {
            InstanceEntity marker = null;
            if (q.marker() != null) {
                marker = byUuid(s, q.marker());
                if (marker == null) {
                    throw ApiException.badRequest("marker [" + q.marker() + "] not found");
                }
            }
            StringBuilder hql = new StringBuilder("from InstanceEntity i where 1 = 1");
            Map<String, Object> params = new HashMap<>();
            if (!(caller.isAdmin() && q.allTenants())) {
                hql.append(" and i.projectId = :project");
                params.put("project", caller.projectId());
            }
            if (q.status() != null) {
                VmState state = VmState.ofStatus(q.status());
                hql.append(" and i.vmState = :vm");
                params.put("vm", state == null ? "-" : state.id());
            }
            if (q.image() != null) {
                hql.append(" and i.imageId = :image");
                params.put("image", q.image());
            }
            if (q.flavor() != null) {
                hql.append(" and i.flavorId = :flavor");
                params.put("flavor", q.flavor());
            }
            if (marker != null) {
                hql.append(" and (i.createdAt < :mc or (i.createdAt = :mc and i.id < :mid))");
                params.put("mc", marker.createdAt());
                params.put("mid", marker.id());
            }
            hql.append(" order by i.createdAt desc, i.id desc");
            var query = s.createSelectionQuery(hql.toString(), InstanceEntity.class);
            params.forEach(query::setParameter);
            if (nameFilter == null) {
                query.setMaxResults(limit + 1);
            }
            return query.list();
        });
        List<InstanceEntity> matching = nameFilter == null ? rows
                : rows.stream().filter(i -> nameFilter.matcher(i.name()).find()).toList();
        boolean more = matching.size() > limit;
        List<InstanceEntity> page = more ? matching.subList(0, limit) : matching;
        List<Long> failed = page.stream().filter(i -> i.vmState() == VmState.ERROR).map(InstanceEntity::id).toList();
        return new ServerPage(List.copyOf(page), faults(failed), more);
    }

    public void delete(AuthContext caller, String uuid) {
        InstanceEntity instance = get(caller, uuid);
        if (TaskState.DELETING.equals(instance.taskState())) {
            return;
        }
        update(uuid, i -> i.transition(i.vmState(), TaskState.DELETING, i.powerState(), now()));
        submitDelete(uuid);
    }

    private void submitDelete(String uuid) {
        scheduler.submit(uuid, () -> {
            try {
                backend.destroy(UUID.fromString(uuid));
                db.run(s -> {
                    InstanceEntity i = byUuid(s, uuid);
                    if (i != null) {
                        s.createMutationQuery("delete from FaultEntity f where f.instanceId = :id")
                                .setParameter("id", i.id()).executeUpdate();
                        s.createMutationQuery("delete from PassphraseEntity p where p.instanceUuid = :u")
                                .setParameter("u", uuid).executeUpdate();
                        s.remove(i);
                    }
                });
                LOG.info("instance {} deleted", uuid);
            } catch (Exception e) {
                LOG.warn("delete of instance {} failed: {}", uuid, faultMessage(e));
                fail(uuid, 500, "Delete failed: " + faultMessage(e));
            }
        });
    }

    /** {@code os-stop}, {@code os-start}, {@code reboot}: checked now, carried out in the background. */
    public void act(AuthContext caller, String uuid, PowerAction action) {
        InstanceEntity instance = get(caller, uuid);
        if (instance.taskState() != null) {
            throw ApiException.conflict("Cannot '" + action.verb() + "' instance " + uuid
                    + " while it is in task_state " + instance.taskState());
        }
        if (!action.allowedFrom().contains(instance.vmState())) {
            throw ApiException.conflict("Cannot '" + action.verb() + "' instance " + uuid
                    + " while it is in vm_state " + instance.vmState().id());
        }
        update(uuid, i -> i.transition(i.vmState(), action.taskState(), i.powerState(), now()));
        UUID id = UUID.fromString(uuid);
        scheduler.submit(uuid, () -> {
            try {
                switch (action) {
                    case STOP -> backend.stop(id);
                    case START -> backend.start(id);
                    case REBOOT -> backend.reboot(id);
                }
                update(uuid, i -> i.transition(action.resultState(), null, action.resultPower(), now()));
            } catch (Exception e) {
                LOG.warn("{} of instance {} failed: {}", action.verb(), uuid, faultMessage(e));
                fail(uuid, 500, action.verb() + " failed: " + faultMessage(e));
            }
        });
    }

    public String consoleOutput(AuthContext caller, String uuid, Integer lines) {
        InstanceEntity instance = get(caller, uuid);
        if (instance.vmState() == VmState.BUILDING) {
            throw ApiException.conflict("Instance " + uuid + " is not ready yet (it is still building).");
        }
        String output;
        try {
            output = backend.consoleOutput(UUID.fromString(uuid));
        } catch (Exception e) {
            throw ErrorMapper.map(e);
        }
        if (lines == null || lines < 0) {
            return output;
        }
        List<String> all = output.lines().toList();
        List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
        return tail.isEmpty() ? "" : String.join("\n", tail) + "\n";
    }

    /**
     * After a restart: a build that was running is lost, so its server goes to ERROR with a fault; a delete that
     * was running resumes; an interrupted power action leaves the server in its previous state.
     */
    public void recover() {
        List<InstanceEntity> unfinished = db.read(s -> s.createSelectionQuery(
                "from InstanceEntity i where i.vmState = 'building' or i.taskState is not null", InstanceEntity.class)
                .list());
        for (InstanceEntity i : unfinished) {
            if (TaskState.DELETING.equals(i.taskState())) {
                LOG.info("resuming the delete of instance {}", i.uuid());
                submitDelete(i.uuid());
            } else if (i.vmState() == VmState.BUILDING) {
                LOG.warn("instance {} was building when novalab stopped: marking it ERROR", i.uuid());
                fail(i.uuid(), 500, "novalab restarted during the build; delete this server and create it again");
            } else {
                update(i.uuid(), e -> e.transition(e.vmState(), null, e.powerState(), now()));
            }
        }
        List<ComputeBackend.KnownServer> known = db.read(s -> s.createSelectionQuery(
                "from InstanceEntity i where i.vmState in ('active', 'stopped') and i.taskState is null",
                InstanceEntity.class).list()).stream().map(i -> new ComputeBackend.KnownServer(UUID.fromString(i.uuid()),
                i.instanceName(), i.vmState() == VmState.ACTIVE)).toList();
        backend.reconcile(known).forEach((uuid, why) -> {
            LOG.warn("instance {} could not be restored after the restart: {}", uuid, why);
            fail(uuid.toString(), 500, "novalab could not restore this server after a restart: " + why);
        });
    }

    private void fail(String uuid, int code, String message) {
        db.run(s -> {
            InstanceEntity i = byUuid(s, uuid);
            if (i == null) {
                return;
            }
            i.transition(VmState.ERROR, null, i.powerState(), now());
            s.persist(new FaultEntity(i.id(), code, message, now()));
        });
    }

    private boolean update(String uuid, Consumer<InstanceEntity> change) {
        return db.write(s -> {
            InstanceEntity i = byUuid(s, uuid);
            if (i == null) {
                return false;
            }
            change.accept(i);
            return true;
        });
    }

    private Map<Long, FaultEntity> faults(List<Long> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        List<FaultEntity> rows = db.read(s -> s.createSelectionQuery(
                "from FaultEntity f where f.instanceId in :ids order by f.createdAt, f.id", FaultEntity.class)
                .setParameter("ids", instanceIds).list());
        Map<Long, FaultEntity> latest = new HashMap<>();
        rows.forEach(f -> latest.put(f.instanceId(), f));
        return latest;
    }

    private static InstanceEntity byUuid(Session s, String uuid) {
        return s.createSelectionQuery("from InstanceEntity where uuid = :u", InstanceEntity.class)
                .setParameter("u", uuid).uniqueResult();
    }

    private static String faultMessage(Exception e) {
        ApiException mapped = ErrorMapper.mapQuietly(e);
        if (mapped != null) {
            return mapped.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private Instant now() {
        return clock.instant();
    }
}
