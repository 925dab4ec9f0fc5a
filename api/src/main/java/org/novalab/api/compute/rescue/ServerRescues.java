package org.novalab.api.compute.rescue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.AdminPassword;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.BackendKind;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;

/**
 * Nova's {@code compute.api.rescue} and {@code unrescue} with the rescue controller's answers: the policy (member
 * or admin) after the 404, the lock, the vm state (rescue from active, stopped or error; unrescue only from
 * rescued), the rescue image (the one asked for, which must exist and be visible, else the server's own), then
 * the task state taken on the row and the cast. The rescue answers the rescue guest's administrator password (the
 * given one or a generated one, as with {@code enable_instance_password}); it is neither kept nor logged.
 *
 * <p>Stable device rescue (image properties {@code hw_rescue_device}/{@code hw_rescue_bus}, and with it the rescue
 * of a volume-backed server from 2.87) is not implemented by novalab's driver: such a rescue is refused with
 * Nova's 400 {@code InstanceNotRescuable}, the host lacking {@code COMPUTE_RESCUE_BFV} for a volume-backed one.
 */
public final class ServerRescues {
    private static final String RESCUE_POLICY = "os_compute_api:os-rescue";
    private static final String UNRESCUE_POLICY = "os_compute_api:os-unrescue";
    /** Nova's {@code check_instance_state} for rescue. */
    private static final Set<VmState> RESCUABLE = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.ERROR);
    private static final Set<String> STABLE_RESCUE = Set.of("hw_rescue_device", "hw_rescue_bus");
    static final String RESCUE_EVENT = "compute_rescue_instance";
    static final String UNRESCUE_EVENT = "compute_unrescue_instance";

    private final ServerQueries queries;
    private final ImageService images;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;

    public ServerRescues(ServerQueries queries, ImageService images, HibernateInstanceStore instances,
            ComputeApi compute, HostDoor door) {
        this.queries = queries;
        this.images = images;
        this.instances = instances;
        this.compute = compute;
        this.door = door;
    }

    /** @return the rescue guest's administrator password, to answer */
    public String rescue(AuthContext caller, String uuid, RescueBody body, Microversion v, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), RESCUE_POLICY);
        InstanceLock.require(caller, instance);
        requireState(instance, "rescue", RESCUABLE);
        door.requireUp(instance);
        String imageId = body.rescueImageRef().map(ref -> rescueImage(caller, ref)).orElse(instance.imageId());
        Map<String, String> properties = imageId == null ? Map.of()
                : images.find(imageId).map(ImageRecord::properties).orElse(Map.of());
        boolean stable = properties.keySet().stream().anyMatch(STABLE_RESCUE::contains);
        BackendKind backend = BackendKind.valueOf(instance.backend());
        if (backend == BackendKind.RBD) {
            // Nova's allow_bfv_rescue: 2.87 and an image with both hw_rescue properties, on a host that can
            throw notRescuable(uuid, v.atLeast(87) && properties.keySet().containsAll(STABLE_RESCUE)
                    ? "Host unable to rescue a volume-backed instance" : "Cannot rescue a volume-backed instance");
        }
        if (stable) {
            throw notRescuable(uuid, "Stable device rescue (hw_rescue_device, hw_rescue_bus) is not supported by "
                    + "novalab's driver");
        }
        if (imageId == null) {
            throw notRescuable(uuid, "it has no image to make a rescue disk from");
        }
        begin(uuid, "rescue", RESCUABLE, TaskState.RESCUING);
        instances.actions().start(uuid, "rescue", requestId, caller, RESCUE_EVENT, instance.host());
        DiskCreation creation = instance.rootDisk().map(d -> d.creation()).orElse(DiskCreation.BACKING_FILE);
        try {
            compute.rescueInstance(instance.host(), new RescueRequest(instance.ref(), imageId, backend, creation));
        } catch (RuntimeException e) {
            giveBack(instance, TaskState.RESCUING, RESCUE_EVENT, "rescue", e);
        }
        return body.adminPass().orElseGet(AdminPassword::generate);
    }

    public void unrescue(AuthContext caller, String uuid, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), UNRESCUE_POLICY);
        InstanceLock.require(caller, instance);
        requireState(instance, "unrescue", Set.of(VmState.RESCUED));
        door.requireUp(instance);
        begin(uuid, "unrescue", Set.of(VmState.RESCUED), TaskState.UNRESCUING);
        instances.actions().start(uuid, "unrescue", requestId, caller, UNRESCUE_EVENT, instance.host());
        try {
            compute.unrescueInstance(instance.host(), instance.ref());
        } catch (RuntimeException e) {
            giveBack(instance, TaskState.UNRESCUING, UNRESCUE_EVENT, "unrescue", e);
        }
    }

    /** Nova: an image that cannot be had, or a volume snapshot's, is an {@code UnsupportedRescueImage}. */
    private String rescueImage(AuthContext caller, String ref) {
        return images.find(ref).filter(i -> images.visibleTo(i, caller.projectId(), caller.isAdmin()))
                .filter(i -> !i.properties().containsKey("img_block_device_mapping"))
                .map(ImageRecord::id)
                .orElseThrow(() -> ApiException.badRequest("Requested rescue image '" + ref + "' is not supported"));
    }

    /** Nova's state check: the vm state first, then any task. */
    private static void requireState(InstanceEntity i, String verb, Set<VmState> allowed) {
        if (!allowed.contains(i.vmState())) {
            throw ApiException.conflict("Cannot '" + verb + "' instance " + i.uuid() + " while it is in vm_state "
                    + i.vmState().id());
        }
        if (i.taskState() != null) {
            throw ApiException.conflict("Cannot '" + verb + "' instance " + i.uuid() + " while it is in task_state "
                    + i.taskState());
        }
    }

    /** The task state taken on the row, as Nova's {@code instance.save(expected_task_state=[None])}. */
    private void begin(String uuid, String verb, Set<VmState> allowed, TaskState task) {
        switch (instances.beginTask(UUID.fromString(uuid), allowed, task)) {
            case NONE -> {
            }
            case GONE -> throw ApiException.notFound("Instance " + uuid + " could not be found.");
            default -> requireState(current(uuid), verb, allowed);
        }
    }

    private InstanceEntity current(String uuid) {
        return instances.find(UUID.fromString(uuid))
                .orElseThrow(() -> ApiException.notFound("Instance " + uuid + " could not be found."));
    }

    /** Not handed over to the host: the task state given back, so the server is as it was (503, retry). */
    private void giveBack(InstanceEntity instance, TaskState task, String event, String verb, RuntimeException e) {
        String why = HostDoor.notHandedOver(instance.host(), e);
        instances.clearTask(UUID.fromString(instance.uuid()), task);
        instances.actions().finish(instance.uuid(), event, false, why);
        throw new ApiException(503, why + "; retry the " + verb);
    }

    private static ApiException notRescuable(String uuid, String reason) {
        return ApiException.badRequest("Instance " + uuid + " cannot be rescued: " + reason);
    }
}
