package org.novalab.api.compute.volume;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.volume.VolumeAttachment;
import org.novalab.api.volume.VolumeAttachments;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code compute.api.attach_volume} / {@code detach_volume} with the volume attachments controller's answers:
 * the server (404), the policy, the lock, the server's state (409), then Cinder's reserve of the volume (404 for an
 * unknown one, 400 for one that is not available); the API answers and the host's part runs after, as Nova casts
 * it: the host attaches the disk, and the volume becomes {@code in-use}, or the host refuses (QEMU could not open
 * it) and the volume is {@code available} again with the reason, the instance action's event failed.
 */
public final class ServerVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(ServerVolumes.class);
    private static final String POLICY = "os_compute_api:os-volumes-attachments:";
    /** The states novalab's driver attaches in: a running, paused or stopped guest. */
    private static final Set<VmState> ATTACHABLE = Set.of(VmState.ACTIVE, VmState.PAUSED, VmState.STOPPED);
    /** Nova allows these too; novalab's driver does not yet (their disks are not the domain's, or not on a host). */
    private static final Set<VmState> NOT_YET = Set.of(VmState.RESIZED, VmState.SOFT_DELETED, VmState.SHELVED,
            VmState.SHELVED_OFFLOADED);
    static final String ATTACH_EVENT = "compute_attach_volume";
    static final String DETACH_EVENT = "compute_detach_volume";
    private final ServerQueries queries;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;
    private final VolumeAttachments attachments;

    public ServerVolumes(ServerQueries queries, HibernateInstanceStore instances, ComputeApi compute, HostDoor door,
            VolumeAttachments attachments) {
        this.queries = queries;
        this.instances = instances;
        this.compute = compute;
        this.door = door;
        this.attachments = attachments;
    }

    /** What a user asks to attach: the volume, the device it wants (or none), Nova's tag and delete_on_termination. */
    public record AttachRequest(String volumeId, String device, String tag, boolean deleteOnTermination) {
    }

    public List<VolumeAttachment> list(AuthContext caller, String server) {
        InstanceEntity instance = queries.get(caller, server);
        NovaPolicy.readerOrAdmin(caller, instance.projectId(), POLICY + "index");
        return attachments.ofInstance(instance.uuid());
    }

    public VolumeAttachment show(AuthContext caller, String server, String volumeId) {
        InstanceEntity instance = queries.get(caller, server);
        NovaPolicy.readerOrAdmin(caller, instance.projectId(), POLICY + "show");
        return attachments.find(instance.uuid(), volumeId).orElseThrow(() -> VolumeAttachments.notAttached(volumeId));
    }

    public VolumeAttachment attach(AuthContext caller, String server, AttachRequest request, String requestId) {
        InstanceEntity instance = queries.get(caller, server);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY + "create");
        InstanceLock.require(caller, instance);
        requireState(instance, "attach_volume");
        door.requireUp(instance);
        VolumeAttachments.Reserved reserved = attachments.reserve(caller, request.volumeId(), instance.uuid(),
                instance.host(), request.device(), request.tag(), request.deleteOnTermination());
        VolumeAttachment a = reserved.attachment();
        instances.actions().start(instance.uuid(), "attach_volume", requestId, caller, ATTACH_EVENT, instance.host());
        attachments.later(() -> {
            try {
                compute.attachVolume(instance.host(), instance.ref(), reserved.connection(),
                        Optional.of(a.device().substring("/dev/".length())));
                attachments.attached(a.id());
                instances.actions().finish(instance.uuid(), ATTACH_EVENT, true, null);
            } catch (RuntimeException e) {
                String why = "Failed to attach volume " + a.volumeId() + " to server " + instance.uuid() + ": "
                        + e.getMessage();
                LOG.warn(why);
                attachments.attachFailed(a.id(), why);
                instances.actions().finish(instance.uuid(), ATTACH_EVENT, false, why);
            }
        });
        return a;
    }

    public void detach(AuthContext caller, String server, String volumeId, String requestId) {
        InstanceEntity instance = queries.get(caller, server);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY + "delete");
        InstanceLock.require(caller, instance);
        if (attachments.find(instance.uuid(), volumeId).isEmpty()) {
            throw VolumeAttachments.notAttached(volumeId);
        }
        requireState(instance, "detach_volume");
        door.requireUp(instance);
        VolumeAttachment a = attachments.beginDetach(instance.uuid(), volumeId);
        instances.actions().start(instance.uuid(), "detach_volume", requestId, caller, DETACH_EVENT, instance.host());
        attachments.later(() -> {
            try {
                compute.detachVolume(instance.host(), instance.ref(), volumeId);
                attachments.detached(a.id());
                instances.actions().finish(instance.uuid(), DETACH_EVENT, true, null);
            } catch (RuntimeException e) {
                String why = "Failed to detach volume " + volumeId + " from server " + instance.uuid() + ": "
                        + e.getMessage();
                LOG.warn(why);
                attachments.detachFailed(a.id(), why);
                instances.actions().finish(instance.uuid(), DETACH_EVENT, false, why);
            }
        });
    }

    /** Nova's {@code check_instance_state}: the vm state, then no task. */
    private static void requireState(InstanceEntity i, String verb) {
        if (NOT_YET.contains(i.vmState())) {
            throw ApiException.conflict("Cannot '" + verb + "' instance " + i.uuid() + " while it is in vm_state "
                    + i.vmState().id() + ": novalab's driver attaches and detaches volumes of active, paused and "
                    + "stopped servers only");
        }
        if (!ATTACHABLE.contains(i.vmState())) {
            throw ApiException.conflict("Cannot '" + verb + "' instance " + i.uuid() + " while it is in vm_state "
                    + i.vmState().id());
        }
        if (i.taskState() != null) {
            throw ApiException.conflict("Cannot '" + verb + "' instance " + i.uuid() + " while it is in task_state "
                    + i.taskState());
        }
    }
}
