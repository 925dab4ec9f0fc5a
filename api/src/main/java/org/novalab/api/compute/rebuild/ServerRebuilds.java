package org.novalab.api.compute.rebuild;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.AdminPassword;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.ImageFit;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.RootDisk;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.keypair.KeyPairEntity;
import org.novalab.api.compute.keypair.KeyPairService;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.compute.server.ServerRows;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.BackendKind;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;

/**
 * Nova's {@code compute.api.rebuild}: a server in active, stopped or error state and with no task is rebuilt from an
 * image the caller may boot and the flavor takes; its attributes change and its task state becomes
 * {@code rebuilding} in one transaction on its locked row (a second request gets the 409), then the rebuild is cast
 * to its host. The root disk is made again with the encryption format and creation method the server was built
 * with, whatever the new image's properties say, as Nova keeps them on the server's block device mappings.
 */
public final class ServerRebuilds {
    private static final String POLICY = "os_compute_api:servers:rebuild";
    /** Nova's {@code check_instance_state} for rebuild. */
    private static final Set<VmState> REBUILDABLE = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.ERROR);

    private final ServerQueries queries;
    private final ServerRows rows;
    private final ImageService images;
    private final KeyPairService keyPairs;
    private final QuotaService quotas;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;

    public ServerRebuilds(Database db, Clock clock, ServerQueries queries, ImageService images, KeyPairService keyPairs,
            QuotaService quotas, HibernateInstanceStore instances, ComputeApi compute, HostDoor door) {
        this.queries = queries;
        this.rows = new ServerRows(db, clock);
        this.images = images;
        this.keyPairs = keyPairs;
        this.quotas = quotas;
        this.instances = instances;
        this.compute = compute;
        this.door = door;
    }

    /**
     * The server as this request left it (task state rebuilding; the host may be further on already) and the
     * administrator password to answer.
     */
    public record Rebuilt(InstanceEntity server, String adminPass) {
        @Override
        public String toString() {
            return "Rebuilt[" + server.uuid() + "]"; // never the password
        }
    }

    public Rebuilt rebuild(AuthContext caller, String uuid, RebuildBody body, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY);
        InstanceLock.require(caller, instance);
        door.requireUp(instance);
        requireRebuildable(instance);
        // the caller's own key, as Nova looks it up: users own keys, projects own servers
        Optional<KeyPairEntity> key = body.hasKeyName() && body.keyName() != null
                ? Optional.of(keyPairs.find(caller.userId(), body.keyName())
                        .orElseThrow(() -> ApiException.badRequest("Invalid key_name provided.")))
                : Optional.empty();
        ImageRecord image = images.find(body.imageRef())
                .filter(i -> images.visibleTo(i, caller.projectId(), caller.isAdmin()))
                .orElseThrow(() -> ApiException.badRequest("Cannot find image for rebuild"));
        InstanceEntity.FlavorCopy flavor = instance.flavorCopy();
        BackendKind backend = BackendKind.valueOf(instance.backend());
        // a volume-backed server's root disk is its volume, not the flavor's (Nova checks no disk size for it)
        ImageFit.check(image, flavor.ramMb(), backend == BackendKind.RBD ? 0 : flavor.rootGb());
        if (body.metadata().isPresent()) {
            quotas.checkMetadataItems(caller, body.metadata().get().size());
        }
        if (backend == BackendKind.RBD && !image.id().equals(instance.imageId())) {
            throw ApiException.badRequest("Image " + image.id() + " is unacceptable: Unable to rebuild with a "
                    + "different image for a volume-backed server.");
        }
        RootDisk disk = instance.rootDisk().orElseGet(() -> builtWith(instance, backend));
        Started started = rows.change(uuid, "rebuild", REBUILDABLE, true, row -> {
            boolean stopped = row.vmState() == VmState.STOPPED;
            apply(row, body, key, image);
            return new Started(row, stopped);
        });
        InstanceEntity row = started.row();
        instances.actions().start(row.uuid(), "rebuild", requestId, caller,
                InstanceActions.eventOf(TaskState.REBUILDING).orElseThrow(), row.host());
        SpawnRequest spawn = new SpawnRequest(UUID.fromString(row.uuid()), row.id(), row.name(), flavor.toFlavor(),
                image.id(), image.properties(), backend, disk.creation(), disk.encryption(), Optional.empty());
        try {
            compute.rebuildInstance(row.host(), new RebuildRequest(spawn, body.preserveEphemeral(), started.stopped()));
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(row.host(), e);
            instances.failTask(UUID.fromString(uuid), TaskState.REBUILDING, 503, why + "; rebuild again");
            throw new ApiException(503, why + "; retry the rebuild");
        }
        // as Nova answers it with enable_instance_password: the one given, or one generated (neither kept nor logged)
        return new Rebuilt(row, body.adminPass().orElseGet(AdminPassword::generate));
    }

    /** The row in its rebuilding state, and whether the server was stopped (it is powered off again after). */
    private record Started(InstanceEntity row, boolean stopped) {
    }

    /** Nova's state check comes first: a server in the wrong state is a 409 whatever else the request says. */
    private static void requireRebuildable(InstanceEntity i) {
        if (!REBUILDABLE.contains(i.vmState())) {
            throw ApiException.conflict("Cannot 'rebuild' instance " + i.uuid() + " while it is in vm_state "
                    + i.vmState().id());
        }
        if (i.taskState() != null) {
            throw ApiException.conflict("Cannot 'rebuild' instance " + i.uuid() + " while it is in task_state "
                    + i.taskState());
        }
        if (i.host() == null) {
            throw ApiException.conflict("Cannot 'rebuild' instance " + i.uuid() + ": it was never placed on a "
                    + "compute host; delete it and create it again");
        }
    }

    private static void apply(InstanceEntity row, RebuildBody body, Optional<KeyPairEntity> key, ImageRecord image) {
        body.name().ifPresent(row::rename);
        body.metadata().ifPresent(row::replaceMetadata);
        body.diskConfig().ifPresent(d -> row.autoDiskConfig(d.equals("AUTO")));
        if (body.accessIpV4().isPresent() || body.accessIpV6().isPresent()) {
            row.accessIps(body.accessIpV4().orElse(row.accessIpV4()), body.accessIpV6().orElse(row.accessIpV6()));
        }
        if (body.hasDescription()) {
            row.describe(body.description());
        }
        if (body.hasKeyName()) {
            row.keyPair(key.map(KeyPairEntity::name).orElse(null), key.map(KeyPairEntity::publicKey).orElse(null));
        }
        if (body.hasUserData()) {
            row.userData(body.userData());
        }
        body.hostname().ifPresent(row::hostname);
        row.beginRebuild(image.id());
    }

    /**
     * For a server recorded before its root disk's making was kept: resolved from its flavor copy and the image it
     * was built from, as its create resolved it.
     */
    private RootDisk builtWith(InstanceEntity i, BackendKind backend) {
        Map<String, String> properties = i.imageId() == null ? Map.of()
                : images.find(i.imageId()).map(ImageRecord::properties).orElse(Map.of());
        return RootDisk.of(SpawnRequest.resolved(UUID.fromString(i.uuid()), i.id(), i.name(), i.flavorCopy().toFlavor(),
                i.imageId() == null ? "unknown" : i.imageId(), properties, backend));
    }
}
