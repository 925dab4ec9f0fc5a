package org.novalab.api.compute.snapshot;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.quota.QuotaResource;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.BackendKind;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code compute.api.snapshot} and {@code backup}: a server that is active, stopped, paused or suspended
 * and has no task gets a queued image ({@link SnapshotImages}), takes task state image_snapshot_pending (a backup:
 * image_backup) with a guarded update, records its instance action and is cast to its host, which reads the disk out
 * and uploads it. As in Nova, a locked server may be snapshotted and backed up: a lock guards against changing or
 * deleting a server, and a snapshot does neither. A request that loses the task state to another, or that the host
 * does not take, deletes the image it made.
 */
public final class ServerSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSnapshots.class);
    /** Nova's {@code check_instance_state} for snapshot and backup. */
    static final Set<VmState> SNAPSHOTTABLE = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED,
            VmState.SUSPENDED);
    private static final String IMAGE_POLICY = "os_compute_api:servers:create_image";
    private static final String BACKUP_POLICY = "os_compute_api:os-create-backup";

    private final ServerQueries queries;
    private final ImageService images;
    private final QuotaService quotas;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;

    public ServerSnapshots(ServerQueries queries, ImageService images, QuotaService quotas,
                           HibernateInstanceStore instances, ComputeApi compute, HostDoor door) {
        this.queries = queries;
        this.images = images;
        this.quotas = quotas;
        this.instances = instances;
        this.compute = compute;
        this.door = door;
    }

    /**
     * Starts the snapshot or backup and returns the new image's id.
     *
     * @param checkQuota Nova checks the metadata against {@code metadata_items} before microversion 2.39 only
     */
    public String start(AuthContext caller, String uuid, SnapshotBody body, boolean checkQuota, String requestId) {
        boolean backup = body.backup().isPresent();
        String action = backup ? SnapshotBody.CREATE_BACKUP : SnapshotBody.CREATE_IMAGE;
        InstanceEntity server = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, server.projectId(), backup ? BACKUP_POLICY : IMAGE_POLICY);
        if (checkQuota && !body.metadata().isEmpty()) {
            int limit = quotas.limits(caller.projectId(), caller.userId()).get(QuotaResource.METADATA_ITEMS);
            if (limit >= 0 && body.metadata().size() > limit) {
                throw ApiException.forbidden("Image metadata limit exceeded");
            }
        }
        requireSnapshottable(server, action);
        door.requireUp(server);
        if (BackendKind.RBD.name().equals(server.backend())) {
            throw ApiException.badRequest(backup ? "Backup is not supported for volume-backed instances."
                    : "novalab cannot snapshot a volume-backed server: its root disk is a volume, and novalab "
                    + "takes no volume snapshots");
        }
        Optional<ImageRecord> base = server.imageId() == null ? Optional.empty() : images.find(server.imageId());
        ImageRecord image = images.create(SnapshotImages.of(caller, server, base, body));
        if (!server.projectId().equals(caller.projectId())) {
            // as Nova's glance client does for instance_owner: the server's project is the image's member
            images.sharing().add(image, server.projectId());
        }
        TaskState task = backup ? TaskState.IMAGE_BACKUP : TaskState.IMAGE_SNAPSHOT_PENDING;
        UUID id = UUID.fromString(uuid);
        switch (instances.beginTask(id, SNAPSHOTTABLE, task)) {
            case NONE -> {
            }
            case GONE -> {
                deleteQuietly(image.id());
                throw ApiException.notFound("Instance " + uuid + " could not be found.");
            }
            default -> {
                deleteQuietly(image.id());
                InstanceEntity now = queries.get(caller, uuid);
                throw conflict(action, uuid, now);
            }
        }
        String event = backup ? "compute_backup_instance" : "compute_snapshot_instance";
        instances.actions().start(uuid, backup ? "createBackup" : "createImage", requestId, caller, event,
                server.host());
        SnapshotRequest request = new SnapshotRequest(server.ref(), image.id(), task, server.vmState(),
                server.record().powerState(), body.backup());
        try {
            compute.snapshotInstance(server.host(), request);
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(server.host(), e);
            instances.clearTask(id, task);
            instances.actions().finish(uuid, event, false, why);
            deleteQuietly(image.id());
            throw new ApiException(503, why + "; retry the " + action);
        }
        return image.id();
    }

    /** Nova's state check, before anything is made: a server in the wrong state or busy is a 409. */
    private static void requireSnapshottable(InstanceEntity server, String action) {
        if (!SNAPSHOTTABLE.contains(server.vmState()) || server.taskState() != null) {
            throw conflict(action, server.uuid(), server);
        }
        if (server.host() == null) {
            throw ApiException.conflict("Cannot '" + action + "' instance " + server.uuid() + ": it was never "
                    + "placed on a compute host");
        }
    }

    private static ApiException conflict(String action, String uuid, InstanceEntity now) {
        if (!SNAPSHOTTABLE.contains(now.vmState())) {
            return ApiException.conflict("Cannot '" + action + "' instance " + uuid + " while it is in vm_state "
                    + now.vmState().id());
        }
        return ApiException.conflict("Cannot '" + action + "' instance " + uuid + " while it is in task_state "
                + now.taskState());
    }

    private void deleteQuietly(String imageId) {
        try {
            images.delete(imageId);
        } catch (RuntimeException e) {
            LOG.warn("image {} of a snapshot that did not start could not be deleted: {}", imageId, e.getMessage());
        }
    }
}
