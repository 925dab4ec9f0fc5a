package org.novalab.api.compute.shelve;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.RootDisk;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.snapshot.SnapshotBody;
import org.novalab.api.compute.snapshot.SnapshotImages;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.BackendKind;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.shelve.ShelveRequest;
import org.novalab.compute.shelve.UnshelveRequest;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code compute.api.shelve}, {@code shelve_offload} and {@code unshelve}. Shelve: a server that is active,
 * stopped, paused or suspended, not locked and busy with nothing gets a queued snapshot image named
 * {@code <name>-shelved}, task state shelving, the image's id kept as its shelved_image_id, and is cast to its host
 * (offloaded at once with {@code shelved_offload_time} 0, Nova's default). Offload: a shelved server is cast to be
 * offloaded. Unshelve: a shelved or offloaded server takes task state unshelving and is cast to its host, which
 * boots it again from the shelve image (under its disk's kept passphrase) or powers it on, then deletes the image.
 */
public final class ServerShelves {
    private static final Logger LOG = LoggerFactory.getLogger(ServerShelves.class);
    private static final Set<VmState> SHELVABLE = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED,
            VmState.SUSPENDED);
    private static final Set<VmState> UNSHELVABLE = Set.of(VmState.SHELVED, VmState.SHELVED_OFFLOADED);
    /** Nova's {@code shelved_offload_time} default: a shelved server is offloaded at once. */
    public static final int OFFLOAD_AT_ONCE = 0;

    private final Database db;
    private final Clock clock;
    private final ServerQueries queries;
    private final ImageService images;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;
    private volatile int shelvedOffloadTime;

    public ServerShelves(Database db, Clock clock, ServerQueries queries, ImageService images,
                         HibernateInstanceStore instances, ComputeApi compute, HostDoor door, int shelvedOffloadTime) {
        this.db = db;
        this.clock = clock;
        this.queries = queries;
        this.images = images;
        this.instances = instances;
        this.compute = compute;
        this.door = door;
        this.shelvedOffloadTime = shelvedOffloadTime;
    }

    public void shelve(AuthContext caller, String uuid, String requestId) {
        InstanceEntity server = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, server.projectId(), "os_compute_api:os-shelve:shelve");
        InstanceLock.require(caller, server);
        requireState(server, "shelve", SHELVABLE);
        door.requireUp(server);
        if (BackendKind.RBD.name().equals(server.backend())) {
            throw ApiException.conflict("Cannot 'shelve' instance " + uuid + ": novalab shelves only servers whose "
                    + "root disk is local, not a volume");
        }
        Optional<ImageRecord> base = server.imageId() == null ? Optional.empty() : images.find(server.imageId());
        ImageRecord image = images.create(SnapshotImages.of(caller, server, base,
                new SnapshotBody(server.name() + "-shelved", Map.of(), Optional.empty())));
        if (!server.projectId().equals(caller.projectId())) {
            images.sharing().add(image, server.projectId());
        }
        if (!begin(uuid, SHELVABLE, TaskState.SHELVING)) {
            deleteQuietly(image.id());
            throw conflict("shelve", queries.get(caller, uuid));
        }
        db.run(s -> {
            ShelveEntity old = s.get(ShelveEntity.class, uuid);
            if (old != null) {
                s.remove(old);
                s.flush();
            }
            s.persist(new ShelveEntity(uuid, image.id(), server.host(), clock.instant()));
        });
        String event = "compute_shelve_instance";
        instances.actions().start(uuid, "shelve", requestId, caller, event, server.host());
        try {
            compute.shelveInstance(server.host(), new ShelveRequest(server.ref(), image.id(), server.vmState(),
                    server.record().powerState(), shelvedOffloadTime == OFFLOAD_AT_ONCE));
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(server.host(), e);
            instances.clearTask(UUID.fromString(uuid), TaskState.SHELVING);
            instances.actions().finish(uuid, event, false, why);
            forget(uuid);
            deleteQuietly(image.id());
            throw new ApiException(503, why + "; retry the shelve");
        }
    }

    /** Nova's {@code shelved_offload_time}: 0 at once, above 0 by {@link ShelveOffloader} after that long, -1 never. */
    public void offloadAfter(int seconds) {
        this.shelvedOffloadTime = seconds;
    }

    /**
     * The periodic offload of a server shelved longer than {@code shelved_offload_time}: only a server still shelved
     * and busy with nothing; no instance action (Nova's periodic task records none).
     *
     * @return whether it was cast to be offloaded
     */
    boolean offloadWaited(String uuid) {
        InstanceEntity server = db.read(s -> s.createSelectionQuery("from InstanceEntity where uuid = :u",
                InstanceEntity.class).setParameter("u", uuid).uniqueResult());
        if (server == null || server.vmState() != VmState.SHELVED || server.taskState() != null) {
            return false;
        }
        if (instances.beginTask(UUID.fromString(uuid), Set.of(VmState.SHELVED), TaskState.SHELVING_OFFLOADING)
                != HibernateInstanceStore.Refusal.NONE) {
            return false;
        }
        try {
            compute.shelveOffloadInstance(server.host(), server.ref());
        } catch (RuntimeException e) {
            instances.clearTask(UUID.fromString(uuid), TaskState.SHELVING_OFFLOADING);
            throw e;
        }
        return true;
    }

    public void shelveOffload(AuthContext caller, String uuid, String requestId) {
        InstanceEntity server = queries.get(caller, uuid);
        NovaPolicy.admin(caller, "os_compute_api:os-shelve:shelve_offload");
        InstanceLock.require(caller, server);
        requireState(server, "shelveOffload", Set.of(VmState.SHELVED));
        door.requireUp(server);
        if (!begin(uuid, Set.of(VmState.SHELVED), TaskState.SHELVING_OFFLOADING)) {
            throw conflict("shelveOffload", queries.get(caller, uuid));
        }
        String event = "compute_shelve_offload_instance";
        instances.actions().start(uuid, "shelveOffload", requestId, caller, event, server.host());
        try {
            compute.shelveOffloadInstance(server.host(), server.ref());
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(server.host(), e);
            instances.clearTask(UUID.fromString(uuid), TaskState.SHELVING_OFFLOADING);
            instances.actions().finish(uuid, event, false, why);
            throw new ApiException(503, why + "; retry the shelveOffload");
        }
    }

    public void unshelve(AuthContext caller, String uuid, JsonObject body, Microversion v, String requestId) {
        InstanceEntity server = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, server.projectId(), "os_compute_api:os-shelve:unshelve");
        Optional<String> zone = UnshelveBody.availabilityZone(body, v);
        InstanceLock.require(caller, server);
        requireState(server, "unshelve", UNSHELVABLE);
        boolean offloaded = server.vmState() == VmState.SHELVED_OFFLOADED;
        if (zone.isPresent()) {
            if (!offloaded) {
                throw ApiException.conflict("The availability_zone parameter can only be used with an instance "
                        + "in the SHELVED_OFFLOADED state.");
            }
            if (!zone.get().equals(server.availabilityZone())) {
                throw ApiException.badRequest("The requested availability zone is not available");
            }
        }
        door.requireUp(server);
        ShelveEntity shelved = db.read(s -> s.get(ShelveEntity.class, uuid));
        ImageRecord image = shelved == null ? null : images.find(shelved.imageId()).orElse(null);
        if (offloaded && image == null) {
            throw ApiException.badRequest("Image " + (shelved == null ? "(none)" : shelved.imageId())
                    + " could not be found: the server's shelve image is gone, it cannot be unshelved");
        }
        String imageId = image != null ? image.id() : shelved != null ? shelved.imageId() : "none";
        SpawnRequest spawn = spawnRequest(server, imageId, image);
        if (!begin(uuid, UNSHELVABLE, TaskState.UNSHELVING)) {
            throw conflict("unshelve", queries.get(caller, uuid));
        }
        String event = "compute_unshelve_instance";
        instances.actions().start(uuid, "unshelve", requestId, caller, event, server.host());
        try {
            compute.unshelveInstance(server.host(), new UnshelveRequest(spawn, offloaded));
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(server.host(), e);
            instances.clearTask(UUID.fromString(uuid), TaskState.UNSHELVING);
            instances.actions().finish(uuid, event, false, why);
            throw new ApiException(503, why + "; retry the unshelve");
        }
        // the row stays: an unshelve that fails on the host leaves the server shelved, its image still to boot from
    }

    /**
     * A delete of a shelved or offloaded server deletes its shelve image too (Nova's {@code _delete} does); the
     * host's terminate removes the rest, the disk's kept passphrase with it.
     */
    public void deleted(String uuid) {
        ShelveEntity shelved = db.read(s -> s.get(ShelveEntity.class, uuid));
        if (shelved != null) {
            images.find(shelved.imageId()).ifPresent(image -> deleteQuietly(image.id()));
            forget(uuid);
        }
    }

    /** The server as it is spawned again from its shelve image, with the root disk it was built with. */
    private static SpawnRequest spawnRequest(InstanceEntity server, String imageId, ImageRecord image) {
        InstanceEntity.FlavorCopy flavor = server.flavorCopy();
        BackendKind backend = BackendKind.valueOf(server.backend());
        Map<String, String> properties = image == null ? Map.of() : image.properties();
        RootDisk disk = server.rootDisk().orElseGet(() -> RootDisk.of(SpawnRequest.resolved(
                UUID.fromString(server.uuid()), server.id(), server.name(), flavor.toFlavor(), imageId, properties,
                backend)));
        // an encrypted shelve image is read with its own key into a whole disk (the driver's Flat conversion)
        DiskCreation creation = disk.encryption().enabled() ? DiskCreation.CONVERT : disk.creation();
        return new SpawnRequest(UUID.fromString(server.uuid()), server.id(), server.name(), flavor.toFlavor(),
                imageId, properties, backend, creation, disk.encryption(), Optional.empty());
    }

    /** The guarded task: false when the server is busy or in another state meanwhile; 404 when it is gone. */
    private boolean begin(String uuid, Set<VmState> from, TaskState task) {
        return switch (instances.beginTask(UUID.fromString(uuid), from, task)) {
            case NONE -> true;
            case GONE -> throw ApiException.notFound("Instance " + uuid + " could not be found.");
            default -> false;
        };
    }

    private static void requireState(InstanceEntity server, String action, Set<VmState> allowed) {
        if (!allowed.contains(server.vmState()) || server.taskState() != null) {
            throw conflict(action, server);
        }
        if (server.host() == null) {
            throw ApiException.conflict("Cannot '" + action + "' instance " + server.uuid() + ": it was never "
                    + "placed on a compute host");
        }
    }

    private static ApiException conflict(String action, InstanceEntity now) {
        if (now.taskState() != null) {
            return ApiException.conflict("Cannot '" + action + "' instance " + now.uuid()
                    + " while it is in task_state " + now.taskState());
        }
        return ApiException.conflict("Cannot '" + action + "' instance " + now.uuid() + " while it is in vm_state "
                + now.vmState().id());
    }

    private void forget(String uuid) {
        db.run(s -> {
            ShelveEntity row = s.get(ShelveEntity.class, uuid);
            if (row != null) {
                s.remove(row);
            }
        });
    }

    private void deleteQuietly(String imageId) {
        try {
            images.delete(imageId);
        } catch (RuntimeException e) {
            LOG.warn("shelve image {} could not be deleted: {}", imageId, e.getMessage());
        }
    }
}
