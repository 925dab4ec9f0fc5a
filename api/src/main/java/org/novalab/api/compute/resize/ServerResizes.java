package org.novalab.api.compute.resize;

import java.time.Clock;
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
 * Nova's {@code compute.api.resize}, {@code confirm_resize} and {@code revert_resize} with
 * {@code allow_resize_to_same_host} on a single host: the checks in Nova's order (the server the caller may see, the
 * policy, the lock, the vm and task state, the flavor, the quota for what the resize adds, the image), then the
 * guarded task state, the migration record ({@code resize}, from {@code pre-migrating}), the instance action, and
 * the cast to the server's own host.
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

    public ServerResizes(Database db, Clock clock, ServerQueries queries, FlavorService flavors, QuotaService quotas,
            ImageService images, HibernateInstanceStore instances, ComputeApi compute, HostDoor door) {
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
        ServerStates.begin(instances, i, "resize", RESIZABLE, TaskState.RESIZE_PREP);
        // read again under the task: a stop that ended since the first read decides how the server comes back
        InstanceEntity taken = instances.find(UUID.fromString(uuid)).orElseThrow();
        boolean stopped = taken.vmState() == VmState.STOPPED;
        // as Nova: the disk config given, else MANUAL ("auto_disk_config or False")
        db.run(s -> s.createMutationQuery("update InstanceEntity i set i.autoDiskConfig = :a where i.uuid = :u")
                .setParameter("a", body.autoDiskConfig().orElse(false)).setParameter("u", uuid).executeUpdate());
        ResizeRequest request = record(caller, taken, copyOf(flavor), stopped, requestId);
        try {
            compute.resizeInstance(i.host(), request);
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(i.host(), e);
            store.rolledBack(request, TaskState.RESIZE_PREP, PowerState.ofCode(taken.powerState()),
                    why + "; resize again");
            throw new ApiException(503, why + "; retry the resize");
        }
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
        compute.confirmResize(i.host(), request);
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
                .filter(e -> e.migrationUuid().equals(migration)).map(e -> HibernateResizeStore.requestOf(i, e)));
        if (request.isEmpty() || !beginConfirm(i, request.get(), "req-" + UUID.randomUUID(), owner(i))) {
            return false;
        }
        compute.confirmResize(i.host(), request.get());
        return true;
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
        Optional<ResizeRequest> found = db.read(s -> HibernateResizeStore.latest(s, i.uuid())
                .filter(e -> {
                    MigrationEntity m = HibernateResizeStore.migrationOf(s, e.migrationUuid());
                    return m != null && m.status().equals("finished");
                }).map(e -> HibernateResizeStore.requestOf(i, e)));
        return found.orElseThrow(() -> ApiException.badRequest("Instance has not been resized."));
    }

    /** The migration (Nova's: same host both ends), the resize's record of both flavors, and the action. */
    private ResizeRequest record(AuthContext caller, InstanceEntity i, FlavorCopy next, boolean stopped,
            String requestId) {
        String migration = UUID.randomUUID().toString();
        db.run(s -> {
            s.persist(new MigrationEntity(migration, i.uuid(), "resize", "pre-migrating", i.host(), i.host(),
                    i.projectId(), i.userId(), clock.instant()));
            s.persist(new ResizeEntity(migration, i.uuid(), i.flavorCopy(), next, stopped, clock.instant()));
            instances.actions().start(s, i.uuid(), "resize", requestId, caller, HibernateResizeStore.CONDUCTOR_EVENT,
                    i.host());
        });
        InstanceEntity.FlavorCopy old = i.flavorCopy();
        return new ResizeRequest(i.ref(), UUID.fromString(migration), old.toFlavor(), next.toFlavor(), stopped);
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
