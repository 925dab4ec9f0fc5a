package org.novalab.api.compute.resize;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.AdminPassword;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.MoveDestinations;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.RootDisk;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.BackendKind;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;

/**
 * Nova's {@code evacuate}: a server whose compute host is down is rebuilt on another host the scheduler finds (the
 * named {@code host} only, when given). Nova's checks in its order (the server, the admin policy, the body for the
 * microversion, the lock, the state, a named host, the source's service being down: "Compute service of … is still
 * in use."), then the destination claimed in the transaction that records the migration ({@code evacuation},
 * {@code accepted}), puts the server on the destination in task {@code rebuilding} and records the action; the
 * destination builds the disk anew from the image under the passphrase the key manager keeps for it and boots it
 * (the migration {@code done}). When the host that was down comes back, it removes its stale copy and keeps the
 * passphrase. No host: the migration {@code error} and Nova's NoValidHost on the action, the server as it was.
 */
public final class ServerEvacuations {
    private static final String POLICY = "os_compute_api:os-evacuate";
    private static final Set<VmState> EVACUABLE = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.ERROR);
    static final String EVENT = "compute_rebuild_instance";

    private final Database db;
    private final Clock clock;
    private final ServerQueries queries;
    private final ServiceRegistry services;
    private final HibernateInstanceStore instances;
    private final MoveDestinations destinations;
    private final ComputeApi compute;
    private final ImageService images;

    public ServerEvacuations(Database db, Clock clock, ServerQueries queries, ServiceRegistry services,
            HibernateInstanceStore instances, MoveDestinations destinations, ComputeApi compute,
            ImageService images) {
        this.images = images;
        this.db = db;
        this.clock = clock;
        this.queries = queries;
        this.services = services;
        this.instances = instances;
        this.destinations = destinations;
        this.compute = compute;
    }

    /** @return the answer's {@code adminPass} (before 2.14), else empty */
    public Optional<String> evacuate(AuthContext caller, String uuid, JsonObject body, Microversion v,
            String requestId) {
        InstanceEntity i = queries.get(caller, uuid);
        NovaPolicy.admin(caller, POLICY);
        JsonObject a = NovaSchema.object(body.getValue("evacuate"), "evacuate");
        Set<String> fields = new HashSet<>(Set.of("host", "adminPass"));
        if (!v.atLeast(14)) {
            fields.add("onSharedStorage");
            NovaSchema.require(a, "onSharedStorage", "evacuate");
            NovaSchema.bool(a.getValue("onSharedStorage"), "onSharedStorage");
        }
        if (v.atLeast(29) && !v.atLeast(68)) {
            fields.add("force");
        }
        NovaSchema.allowOnly(a, fields, "evacuate");
        Optional<String> host = Optional.ofNullable(a.getValue("host"))
                .map(h -> NovaSchema.string(h, "host", 1, 255));
        Optional<String> password = Optional.ofNullable(a.getValue("adminPass"))
                .map(p -> NovaSchema.string(p, "adminPass", 0, 255));
        InstanceLock.require(caller, i);
        ServerStates.require(i, "evacuate", EVACUABLE);
        if (host.isPresent()) {
            if (services.byHostAndBinary(host.get(), ServiceRegistry.COMPUTE).isEmpty()) {
                throw ApiException.notFound("Compute host " + host.get() + " could not be found.");
            }
            if (host.get().equals(i.host())) {
                throw ApiException.badRequest("The target host can't be the same one.");
            }
        }
        if (services.byHostAndBinary(i.host(), ServiceRegistry.COMPUTE).map(services::isUp).orElse(false)) {
            throw ApiException.badRequest("Compute service of " + i.host() + " is still in use.");
        }
        if (BackendKind.RBD.name().equals(i.backend())) {
            throw ApiException.badRequest("Server " + uuid + " boots from an Rbd volume: novalab evacuates servers "
                    + "with local disks only.");
        }
        evacuateTo(caller, i, destinations.candidates(i, i.flavorCopy(), new MoveDestinations.Ask(host, false)),
                requestId);
        return v.atLeast(14) ? Optional.empty() : Optional.of(password.orElseGet(AdminPassword::generate));
    }

    private void evacuateTo(AuthContext caller, InstanceEntity i, List<String> candidates, String requestId) {
        String migration = UUID.randomUUID().toString();
        boolean stopped = i.vmState() == VmState.STOPPED;
        Optional<String> placed = db.write(s -> {
            Optional<String> destination = candidates.isEmpty() ? Optional.empty()
                    : destinations.claim(s, i, i.flavorCopy(), candidates);
            int taken = destination.isEmpty() ? 0 : s.createMutationQuery("update InstanceEntity i set "
                            + "i.host = :dest, i.availabilityZone = :zone, i.taskState = :task, i.updatedAt = :now "
                            + "where i.uuid = :u and i.taskState is null and i.host = :source")
                    .setParameter("dest", destination.get())
                    .setParameter("zone", AvailabilityZones.hosts(s).nameOf(destination.get()))
                    .setParameter("task", TaskState.REBUILDING.value())
                    .setParameter("now", clock.instant()).setParameter("u", i.uuid())
                    .setParameter("source", i.host()).executeUpdate();
            if (destination.isPresent() && taken == 0) {
                throw ApiException.conflict("Cannot 'evacuate' instance " + i.uuid() + " while it is busy: another "
                        + "action took it first");
            }
            s.persist(new MigrationEntity(migration, i.uuid(), "evacuation",
                    destination.isPresent() ? "accepted" : "error", i.host(), destination.orElse(null),
                    i.projectId(), i.userId(), clock.instant()));
            instances.actions().start(s, i.uuid(), "evacuate", requestId, caller, EVENT, destination.orElse(null));
            if (destination.isEmpty()) {
                instances.actions().finish(s, i.uuid(), EVENT, false, "No valid host was found. ");
            }
            return destination;
        });
        if (placed.isEmpty()) {
            return;
        }
        RootDisk disk = i.rootDisk().orElse(new RootDisk(EncryptionChoice.NONE,
                org.novalab.compute.DiskCreation.BACKING_FILE));
        InstanceEntity.FlavorCopy flavor = i.flavorCopy();
        SpawnRequest spawn = new SpawnRequest(UUID.fromString(i.uuid()), i.id(), i.name(), flavor.toFlavor(),
                i.imageId(), images.find(i.imageId()).map(ImageRecord::properties).orElse(java.util.Map.of()),
                BackendKind.valueOf(i.backend()), disk.creation(), disk.encryption(),
                Optional.empty());
        try {
            compute.rebuildInstance(placed.get(), new RebuildRequest(spawn, false, stopped,
                    Optional.of(UUID.fromString(migration))));
        } catch (RuntimeException e) {
            instances.failTask(UUID.fromString(i.uuid()), TaskState.REBUILDING, 503,
                    "compute host " + placed.get() + " did not take the evacuation (" + e.getMessage()
                            + "); evacuate again");
            throw new ApiException(503, "compute host " + placed.get() + " did not take the evacuation; retry");
        }
    }
}
