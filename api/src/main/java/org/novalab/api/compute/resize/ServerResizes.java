package org.novalab.api.compute.resize;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.FlavorEntity;
import org.novalab.api.compute.FlavorService;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.ImageFit;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceEntity.FlavorCopy;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.MoveDestinations;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.BackendKind;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.image.ImageService;
import org.novalab.image.ImageStatus;

/**
 * Nova's {@code compute.api.resize}, {@code confirm_resize} and {@code revert_resize}, and the start of a cold
 * migration: the checks in Nova's order (the server the caller may see, the policy, the lock, the vm and task state,
 * the flavor, the quota for what the resize adds, the image), then the destination ({@link MoveDestinations}: the
 * scheduler's filters for the new flavor and the disk's encryption, then the claim), the guarded task state, the
 * migration record (from {@code pre-migrating}), the instance action, and the cast to the server's host. A resize
 * goes to another host when one passes the filters and stays on its own host otherwise (Nova's
 * {@code allow_resize_to_same_host}); a cold migration never stays. The confirm is the source host's, the revert
 * starts on the host the server moved to.
 */
public final class ServerResizes {
    private static final String POLICY = "os_compute_api:servers:";
    /** Nova's {@code check_instance_state} for resize and cold migrate. */
    static final Set<VmState> RESIZABLE = Set.of(VmState.ACTIVE, VmState.STOPPED);

    private final Database db;
    private final Clock clock;
    private final ServerQueries queries;
    private final FlavorService flavors;
    private final ResizeQuota quota;
    private final ImageService images;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;
    private final HibernateResizeStore store;
    private final MoveDestinations destinations;
    private final boolean resizeInPlace;

    /** @param resizeInPlace Nova's {@code allow_resize_to_same_host}: a resize may stay on the server's own host */
    public ServerResizes(Database db, Clock clock, ServerQueries queries, FlavorService flavors, QuotaService quotas,
            ImageService images, HibernateInstanceStore instances, ComputeApi compute, HostDoor door,
            MoveDestinations destinations, boolean resizeInPlace) {
        this.resizeInPlace = resizeInPlace;
        this.db = db;
        this.clock = clock;
        this.queries = queries;
        this.flavors = flavors;
        this.quota = new ResizeQuota(quotas);
        this.images = images;
        this.instances = instances;
        this.compute = compute;
        this.door = door;
        this.store = new HibernateResizeStore(db, clock);
        this.destinations = destinations;
    }

    public void resize(AuthContext caller, String uuid, ResizeBody body, String requestId) {
        InstanceEntity i = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + "resize");
        InstanceLock.require(caller, i);
        ServerStates.require(i, "resize", RESIZABLE);
        door.requireUp(i);
        FlavorEntity flavor = flavors.findVisible(caller, body.flavorRef())
                .orElseThrow(() -> ApiException.badRequest("Flavor " + body.flavorRef() + " could not be found."));
        FlavorCopy current = i.flavorCopy();
        if (flavor.rootGb() == 0 && current.rootGb() != 0) {
            throw ApiException.badRequest("Server disk was unable to be resized because: Resize to zero disk flavor "
                    + "is not allowed.");
        }
        if (flavor.id().equals(current.id())) {
            throw ApiException.badRequest("When resizing, instances must change flavor!");
        }
        quota.checkUpsize(i.projectId(), i.userId(), current, copyOf(flavor));
        // Nova checks the new flavor against the image the server was built from as it kept it (its system
        // metadata): an image deactivated or deleted since does not stop a resize
        if (i.imageId() != null) {
            images.find(i.imageId()).filter(image -> image.status() == ImageStatus.ACTIVE)
                    .ifPresent(image -> ImageFit.check(image, flavor.ramMb(), flavor.rootGb()));
        }
        if (BackendKind.RBD.name().equals(i.backend())) {
            throw ApiException.badRequest("Server disk was unable to be resized because: its root disk is an Rbd "
                    + "volume, which novalab does not grow on resize.");
        }
        FlavorCopy next = copyOf(flavor);
        // another host when one passes the filters, else this one (allow_resize_to_same_host)
        List<String> others = destinations.candidates(i, next, new MoveDestinations.Ask(Optional.empty(), false));
        if (others.isEmpty() && !resizeInPlace) {
            unplaced(caller, i, requestId, "resize", "resize", HibernateResizeStore.CONDUCTOR_EVENT,
                    "No valid host was found. No valid host found for resize", null);
            return;
        }
        ServerStates.begin(instances, i, "resize", RESIZABLE, TaskState.RESIZE_PREP);
        // as Nova: the disk config given, else MANUAL ("auto_disk_config or False")
        db.run(s -> s.createMutationQuery("update InstanceEntity i set i.autoDiskConfig = :a where i.uuid = :u")
                .setParameter("a", body.autoDiskConfig().orElse(false)).setParameter("u", uuid).executeUpdate());
        start(caller, uuid, next, resizeInPlace ? concat(others, i.host()) : others, Kind.RESIZE, requestId);
    }

    /**
     * A move the conductor could not place, recorded as Nova's conductor leaves it: the migration in {@code error}
     * (from the server's host to {@code destination}, the one named or none), the instance action with its conductor
     * event failed with {@code why}; the server stays as it was.
     */
    void unplaced(AuthContext caller, InstanceEntity i, String requestId, String action, String type, String event,
            String why, String destination) {
        db.run(s -> {
            s.persist(new MigrationEntity(UUID.randomUUID().toString(), i.uuid(), type, "error", i.host(),
                    destination, i.projectId(), i.userId(), clock.instant()));
            instances.actions().start(s, i.uuid(), action, requestId, caller, event, i.host());
            instances.actions().finish(s, i.uuid(), event, false, why);
        });
    }

    /**
     * Nova's cold migration once its API checks passed: the scheduler's hosts other than the server's own (or the
     * one {@code host} the caller named), the claim, the migration {@code migration} and the cast to the source.
     *
     * @return false, with nothing changed, when no host passes the filters: the caller records Nova's NoValidHost
     */
    public boolean migrate(AuthContext caller, InstanceEntity i, Optional<String> host, String requestId) {
        return move(caller, i, candidates(i, host), Kind.MIGRATION, requestId);
    }

    /**
     * The hosts a cold or live migration of the server may go to, best first: the scheduler's hosts other than the
     * server's own for the flavor it has (or only the one {@code host} named); empty when none passes the filters.
     */
    public List<String> candidates(InstanceEntity i, Optional<String> host) {
        return destinations.candidates(i, i.flavorCopy(), new MoveDestinations.Ask(host, false));
    }

    /**
     * Nova's live migration once the conductor's checks passed, as its {@code LiveMigrationTask} places it: the claim
     * on the first of {@code candidates} with room, the migration {@code accepted} and the cast to the source, which
     * block-migrates the disk.
     *
     * @return false, with nothing changed, when no candidate had room: the caller records Nova's NoValidHost
     */
    public boolean migrateLive(AuthContext caller, InstanceEntity i, List<String> candidates, String requestId) {
        return move(caller, i, candidates, Kind.LIVE_MIGRATION, requestId);
    }

    private boolean move(AuthContext caller, InstanceEntity i, List<String> candidates, Kind kind, String requestId) {
        if (candidates.isEmpty()) {
            return false;
        }
        ServerStates.begin(instances, i, kind.action(), kind.from(), kind.task());
        if (!start(caller, i.uuid(), i.flavorCopy(), candidates, kind, requestId)) {
            // other work took the room of every candidate since the scheduler chose them
            db.run(s -> s.createMutationQuery("update InstanceEntity i set i.taskState = null where i.uuid = :u "
                    + "and i.taskState = :t").setParameter("u", i.uuid())
                    .setParameter("t", kind.task().value()).executeUpdate());
            return false;
        }
        return true;
    }

    /**
     * How a move is recorded: the migration's type and first status, the instance action and its conductor's event,
     * the states it starts from and its task.
     */
    private record Kind(String type, String status, String action, String conductorEvent, Set<VmState> from,
                        TaskState task) {
        static final Kind RESIZE = new Kind("resize", "pre-migrating", "resize", HibernateResizeStore.CONDUCTOR_EVENT,
                RESIZABLE, TaskState.RESIZE_PREP);
        static final Kind MIGRATION = new Kind("migration", "pre-migrating", "migrate",
                HibernateResizeStore.CONDUCTOR_EVENT, RESIZABLE, TaskState.RESIZE_PREP);
        static final Kind LIVE_MIGRATION = new Kind("live-migration", "accepted", "live-migration",
                HibernateResizeStore.LIVE_CONDUCTOR_EVENT, ServerMigrations.LIVE_MIGRATABLE, TaskState.MIGRATING);

        boolean live() {
            return task == TaskState.MIGRATING;
        }
    }

    /**
     * The move begun, the server in task resize_prep: the destination claimed among {@code candidates} in the
     * transaction that records the migration, the resize record and the action, then the cast to the source.
     *
     * @return false when no candidate had room any more (nothing recorded)
     */
    private boolean start(AuthContext caller, String uuid, FlavorCopy next, List<String> candidates, Kind kind,
            String requestId) {
        // read again under the task: a stop that ended since the first read decides how the server comes back
        InstanceEntity taken = instances.find(UUID.fromString(uuid)).orElseThrow();
        boolean stopped = taken.vmState() == VmState.STOPPED;
        Optional<ResizeRequest> recorded = db.write(s -> destinations.claim(s, taken, next, candidates)
                .map(destination -> record(s, caller, taken, next, stopped, requestId, kind, destination)));
        if (recorded.isEmpty()) {
            return false;
        }
        ResizeRequest request = recorded.get();
        try {
            if (kind.live()) {
                compute.liveMigration(taken.host(), request);
            } else {
                compute.resizeInstance(taken.host(), request);
            }
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(taken.host(), e);
            if (kind.live()) {
                store.liveMigrationFailed(request, why + "; " + kind.action() + " again");
            } else {
                store.rolledBack(request, TaskState.RESIZE_PREP, PowerState.ofCode(taken.powerState()),
                        why + "; " + kind.action() + " again");
            }
            throw new ApiException(503, why + "; retry the " + kind.action());
        }
        return true;
    }

    private static List<String> concat(List<String> first, String last) {
        List<String> all = new java.util.ArrayList<>(first);
        all.add(last);
        return all;
    }

    /** Nova's confirm: only a resized server with a finished migration; the old disk goes on its host. */
    public void confirm(AuthContext caller, String uuid, String requestId) {
        InstanceEntity i = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + "confirm_resize");
        InstanceLock.require(caller, i);
        ServerStates.require(i, "confirmResize", Set.of(VmState.RESIZED));
        ResizeRequest request = finished(i);
        door.requireUp(i);
        if (!beginConfirm(i, request, requestId, caller)) {
            throw ApiException.badRequest("Instance has not been resized.");
        }
        compute.confirmResize(sourceOf(request, i), request);
    }

    /**
     * The periodic confirm of a resize that waited longer than {@code resize_confirm_window} (Nova's
     * {@code _poll_unconfirmed_resizes}, in the server's own project, with no lock check: Nova's periodic task
     * confirms a locked server too).
     *
     * @return false when the server no longer waits with that migration
     */
    boolean confirmWaited(String uuid, String migration) {
        Optional<InstanceEntity> found = instances.find(UUID.fromString(uuid));
        if (found.isEmpty() || found.get().vmState() != VmState.RESIZED || found.get().taskState() != null) {
            return false;
        }
        InstanceEntity i = found.get();
        Optional<ResizeRequest> request = db.read(s -> HibernateResizeStore.latest(s, uuid)
                .filter(e -> e.migrationUuid().equals(migration))
                .map(e -> HibernateResizeStore.requestOf(i, e, HibernateResizeStore.migrationOf(s, migration))));
        if (request.isEmpty() || !beginConfirm(i, request.get(), "req-" + UUID.randomUUID(), owner(i))) {
            return false;
        }
        compute.confirmResize(sourceOf(request.get(), i), request.get());
        return true;
    }

    /**
     * Before a server that moved and waits for its confirmation is deleted (Nova's
     * {@code _confirm_resize_on_deleting}): the host it left removes its copy, its domain and its libvirt secret,
     * while the host it moved to deletes the server. Nothing to do for any other server.
     */
    public void confirmBeforeDelete(InstanceEntity i) {
        if (i.vmState() != VmState.RESIZED) {
            return;
        }
        Optional<ResizeRequest> request = waiting(i).filter(r -> r.move().isPresent());
        request.ifPresent(r -> {
            try {
                compute.confirmResize(sourceOf(r, i), r);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ServerResizes.class).warn("the host {} that server {} left could "
                        + "not be told to remove its copy: {}", sourceOf(r, i), i.uuid(), e.toString());
            }
        });
    }

    /** The resize or move the server waits with for its confirmation: its latest, with a finished migration. */
    private Optional<ResizeRequest> waiting(InstanceEntity i) {
        return db.read(s -> HibernateResizeStore.latest(s, i.uuid()).flatMap(e -> {
            MigrationEntity m = HibernateResizeStore.migrationOf(s, e.migrationUuid());
            return m != null && m.status().equals("finished") ? Optional.of(HibernateResizeStore.requestOf(i, e, m))
                    : Optional.empty();
        }));
    }

    /** Where a confirm goes: the host the server left (Nova's source compute), its own for a resize in place. */
    static String sourceOf(ResizeRequest r, InstanceEntity i) {
        return r.move().map(ResizeRequest.Move::source).orElse(i.host());
    }

    /** The migration confirming (only from finished: one confirm wins) and the confirmResize action. */
    private boolean beginConfirm(InstanceEntity i, ResizeRequest request, String requestId, AuthContext caller) {
        String uuid = i.uuid();
        return db.write(s -> {
            int changed = s.createMutationQuery("update MigrationEntity m set m.status = 'confirming', "
                            + "m.updatedAt = :now where m.uuid = :u and m.status = 'finished'")
                    .setParameter("now", clock.instant()).setParameter("u", request.migration().toString())
                    .executeUpdate();
            if (changed == 1) {
                instances.actions().start(s, uuid, "confirmResize", requestId, caller,
                        HibernateResizeStore.CONFIRM_EVENT, i.host());
            }
            return changed == 1;
        });
    }

    /** Nova's revert: resize_reverting on a resized server, then its host brings the old disk and flavor back. */
    public void revert(AuthContext caller, String uuid, String requestId) {
        InstanceEntity i = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + "revert_resize");
        InstanceLock.require(caller, i);
        ServerStates.require(i, "revertResize", Set.of(VmState.RESIZED));
        ResizeRequest request = finished(i);
        door.requireUp(i);
        ServerStates.begin(instances, i, "revertResize", Set.of(VmState.RESIZED), TaskState.RESIZE_REVERTING);
        db.run(s -> {
            s.createMutationQuery("update MigrationEntity m set m.status = 'reverting', m.updatedAt = :now "
                    + "where m.uuid = :u").setParameter("now", clock.instant())
                    .setParameter("u", request.migration().toString()).executeUpdate();
            instances.actions().start(s, uuid, "revertResize", requestId, caller, HibernateResizeStore.REVERT_EVENT,
                    i.host());
        });
        compute.revertResize(i.host(), request);
    }

    /** The resize waiting for its confirmation: Nova's 400 "Instance has not been resized." without one. */
    private ResizeRequest finished(InstanceEntity i) {
        return waiting(i).orElseThrow(() -> ApiException.badRequest("Instance has not been resized."));
    }

    /**
     * The migration from the server's host to {@code destination} (both ends the same for a resize in place), the
     * resize's record of both flavors, and the action.
     */
    private ResizeRequest record(org.hibernate.Session s, AuthContext caller, InstanceEntity i, FlavorCopy next,
            boolean stopped, String requestId, Kind kind, String destination) {
        String migration = UUID.randomUUID().toString();
        s.persist(new MigrationEntity(migration, i.uuid(), kind.type(), kind.status(), i.host(), destination,
                i.projectId(), i.userId(), clock.instant()));
        s.persist(new ResizeEntity(migration, i.uuid(), i.flavorCopy(), next, stopped, clock.instant()));
        instances.actions().start(s, i.uuid(), kind.action(), requestId, caller, kind.conductorEvent(), i.host());
        Optional<ResizeRequest.Move> move = destination.equals(i.host()) ? Optional.empty()
                : Optional.of(new ResizeRequest.Move(i.host(), destination, Optional.ofNullable(i.imageId())));
        return new ResizeRequest(i.ref(), UUID.fromString(migration), i.flavorCopy().toFlavor(), next.toFlavor(),
                stopped, move);
    }

    /** Who a periodic confirm acts for: the server's own user and project (the action is recorded as theirs). */
    private AuthContext owner(InstanceEntity i) {
        java.time.Instant now = clock.instant();
        return new AuthContext(new AuthContext.Ref(i.userId(), null), null, new AuthContext.Ref(i.projectId(), null),
                null, null, false, java.util.List.of(), now, now, null, java.util.List.of());
    }

    static FlavorCopy copyOf(FlavorEntity f) {
        return new FlavorCopy(f.id(), f.name(), f.vcpus(), f.ramMb(), f.rootGb(), f.ephemeralGb(), f.swapMb(),
                f.extraSpecs());
    }
}
