package org.novalab.api.volume;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.attach.VolumeConnection;
import org.novalab.compute.domain.IoTune;
import org.novalab.compute.volume.VolumeBackend;
import org.novalab.compute.volume.VolumeBackends;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's half of attaching a volume, as Nova's {@code nova.volume.cinder} drives it: reserve (the volume goes
 * {@code available -> attaching} and gets its attachment), the connection the compute host needs, complete
 * ({@code -> in-use}) or roll back ({@code -> available}, with the reason), and the same for a detach
 * ({@code in-use -> detaching -> available}). Every status change is a guarded UPDATE of the status it was read in,
 * so of two requests racing for one volume one wins and the other is refused.
 */
public final class VolumeAttachments {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeAttachments.class);
    /** The root disk's target: never a volume's. */
    private static final String ROOT_DEVICE = "/dev/vda";
    private static final String LETTERS = "bcdefghijklmnopqrstuvwxyz";
    private final Database db;
    private final VolumeBackends backends;
    private final VolumeWorker worker;
    private final Clock clock;

    VolumeAttachments(Database db, VolumeBackends backends, VolumeWorker worker, Clock clock) {
        this.db = db;
        this.backends = backends;
        this.worker = worker;
        this.clock = clock;
    }

    /** A reserved attachment and what the compute host needs to attach it. */
    public record Reserved(VolumeAttachment attachment, VolumeConnection connection) {
    }

    /**
     * Reserves {@code volumeId} for {@code instanceUuid} at {@code device} (the next free {@code /dev/vdX} of the
     * server when null). 404 for a volume the caller cannot see; 400 for one that is not available.
     */
    public Reserved reserve(AuthContext caller, String volumeId, String instanceUuid, String host, String device,
            String tag, boolean deleteOnTermination) {
        return db.write(s -> {
            VolumeEntity v = s.get(VolumeEntity.class, volumeId);
            if (v == null || (!caller.isAdmin() && !v.projectId.equals(caller.projectId()))) {
                throw ApiException.notFound("Volume " + volumeId + " could not be found.");
            }
            if (v.status() != VolumeStatus.AVAILABLE) {
                throw ApiException.badRequest("Invalid volume: volume '" + volumeId + "' status must be 'available'. "
                        + "Currently in '" + v.status + "'");
            }
            Set<String> taken = ofInstance(s, instanceUuid).stream().map(VolumeAttachment::device)
                    .collect(Collectors.toCollection(TreeSet::new));
            taken.add(ROOT_DEVICE);
            String dev = device == null ? nextFree(taken) : canonical(device);
            if (taken.contains(dev)) {
                throw ApiException.badRequest("The supplied device path (" + dev + ") is in use.");
            }
            move(s, v.id, VolumeStatus.AVAILABLE, VolumeStatus.ATTACHING, null);
            VolumeAttachmentEntity a = new VolumeAttachmentEntity();
            a.id = UUID.randomUUID().toString();
            a.volumeId = v.id;
            a.instanceUuid = instanceUuid;
            a.bdmUuid = UUID.randomUUID().toString();
            a.host = host;
            a.mountpoint = dev;
            a.attachStatus = VolumeAttachment.ATTACHING;
            a.attachMode = "rw";
            a.tag = tag;
            a.deleteOnTermination = deleteOnTermination;
            a.createdAt = clock.instant();
            s.persist(a);
            return new Reserved(a.value(), connection(s, v));
        });
    }

    /** Cinder's {@code connection_info} of the volume: where it is, its format, its key's id, its front-end QoS. */
    private VolumeConnection connection(Session s, VolumeEntity v) {
        VolumeBackend backend = backends.get(v.backend);
        VolumeTypeEntity type = s.get(VolumeTypeEntity.class, v.volumeTypeId);
        IoTune iotune = IoTune.NONE;
        if (type != null && type.qosSpecsId != null) {
            QosSpecsEntity qos = s.get(QosSpecsEntity.class, type.qosSpecsId);
            // Nova applies only front-end (or both) specs; back-end ones are the storage's own business
            if (qos != null && !qos.consumer.equals("back-end")) {
                Map<String, Long> limits = new HashMap<>();
                qos.specs().forEach((k, val) -> limits.put(k, Long.parseLong(val)));
                iotune = new IoTune(limits);
            }
        }
        return new VolumeConnection(v.id, backend.diskSource(v.id), backend.driverType(),
                Optional.ofNullable(v.encryptionKeyId).map(UUID::fromString), iotune);
    }

    /** The compute host attached it: Cinder's {@code attachment_complete}. */
    public void attached(String attachmentId) {
        db.run(s -> {
            VolumeAttachmentEntity a = s.get(VolumeAttachmentEntity.class, attachmentId);
            if (a == null) {
                return;
            }
            a.attachStatus = VolumeAttachment.ATTACHED;
            a.attachedAt = clock.instant();
            move(s, a.volumeId, VolumeStatus.ATTACHING, VolumeStatus.IN_USE, null);
        });
    }

    /** The attach failed: the attachment goes, the volume is available again and says why. */
    public void attachFailed(String attachmentId, String reason) {
        db.run(s -> {
            VolumeAttachmentEntity a = s.get(VolumeAttachmentEntity.class, attachmentId);
            if (a == null) {
                return;
            }
            s.remove(a);
            s.flush();
            move(s, a.volumeId, VolumeStatus.ATTACHING, VolumeStatus.AVAILABLE, reason);
        });
    }

    /**
     * Cinder's {@code begin_detaching}: the volume attached to {@code instanceUuid} goes {@code in-use -> detaching}.
     * 404 when it is not attached to that server, 400 when it is not {@code in-use}.
     */
    public VolumeAttachment beginDetach(String instanceUuid, String volumeId) {
        return db.write(s -> {
            VolumeAttachmentEntity a = find(s, instanceUuid, volumeId).orElseThrow(() -> notAttached(volumeId));
            VolumeEntity v = s.get(VolumeEntity.class, volumeId);
            if (v.status() != VolumeStatus.IN_USE || !a.attachStatus.equals(VolumeAttachment.ATTACHED)) {
                throw ApiException.badRequest("Invalid volume: Unable to detach volume. Volume status must be "
                        + "'in-use' and attach_status must be 'attached' to detach. Currently: status: '" + v.status
                        + "', attach_status: '" + a.attachStatus + "'");
            }
            move(s, volumeId, VolumeStatus.IN_USE, VolumeStatus.DETACHING, null);
            a.attachStatus = VolumeAttachment.DETACHING;
            return a.value();
        });
    }

    /** The compute host detached it: the attachment goes, the volume is available. */
    public void detached(String attachmentId) {
        db.run(s -> {
            VolumeAttachmentEntity a = s.get(VolumeAttachmentEntity.class, attachmentId);
            if (a == null) {
                return;
            }
            s.remove(a);
            s.flush();
            move(s, a.volumeId, VolumeStatus.DETACHING, VolumeStatus.AVAILABLE, null);
        });
    }

    /** Cinder's {@code roll_detaching}: the detach failed, the volume is in use again and says why. */
    public void detachFailed(String attachmentId, String reason) {
        db.run(s -> {
            VolumeAttachmentEntity a = s.get(VolumeAttachmentEntity.class, attachmentId);
            if (a == null) {
                return;
            }
            a.attachStatus = VolumeAttachment.ATTACHED;
            move(s, a.volumeId, VolumeStatus.DETACHING, VolumeStatus.IN_USE, reason);
        });
    }

    public List<VolumeAttachment> ofInstance(String instanceUuid) {
        return db.read(s -> ofInstance(s, instanceUuid));
    }

    public Optional<VolumeAttachment> find(String instanceUuid, String volumeId) {
        return db.read(s -> find(s, instanceUuid, volumeId).map(VolumeAttachmentEntity::value));
    }

    /** The volumes attached (or being attached or detached) to each of {@code servers}, for Nova's server view. */
    public Map<String, List<org.novalab.api.compute.AttachedVolumes.Attached>> attachedTo(
            java.util.Collection<String> servers) {
        if (servers.isEmpty()) {
            return Map.of();
        }
        return db.read(s -> s.createSelectionQuery("from VolumeAttachmentEntity where instanceUuid in (:u) "
                        + "order by mountpoint", VolumeAttachmentEntity.class).setParameter("u", servers).list()
                .stream().collect(Collectors.groupingBy(a -> a.instanceUuid, java.util.LinkedHashMap::new,
                        Collectors.mapping(a -> new org.novalab.api.compute.AttachedVolumes.Attached(a.volumeId,
                                a.deleteOnTermination), Collectors.toList()))));
    }

    /** The attachments of the caller's project's volumes (every project's for an admin), newest first. */
    List<VolumeAttachment> visible(AuthContext caller) {
        return db.read(s -> {
            String hql = "select a from VolumeAttachmentEntity a, VolumeEntity v where v.id = a.volumeId"
                    + (caller.isAdmin() ? "" : " and v.projectId = :p") + " order by a.createdAt desc, a.id";
            var q = s.createSelectionQuery(hql, VolumeAttachmentEntity.class);
            if (!caller.isAdmin()) {
                q.setParameter("p", caller.projectId());
            }
            return q.list().stream().map(VolumeAttachmentEntity::value).toList();
        });
    }

    /** Nova's 404 for a volume that is not attached to the server. */
    public static ApiException notAttached(String volumeId) {
        return ApiException.notFound("volume_id not found: " + volumeId);
    }

    /**
     * The server is gone (its host destroyed the domain and the volumes' libvirt secrets with it): its volumes are
     * available again, those attached with {@code delete_on_termination} are deleted, their keys with them.
     */
    public void instanceDeleted(String instanceUuid) {
        List<String> toDelete = db.write(s -> {
            List<String> deleting = new java.util.ArrayList<>();
            for (VolumeAttachmentEntity a : s.createSelectionQuery("from VolumeAttachmentEntity where instanceUuid "
                    + "= :u", VolumeAttachmentEntity.class).setParameter("u", instanceUuid).list()) {
                s.remove(a);
                s.flush();
                VolumeEntity v = s.get(VolumeEntity.class, a.volumeId);
                VolumeStatus next = a.deleteOnTermination ? VolumeStatus.DELETING : VolumeStatus.AVAILABLE;
                v.status = next.wire();
                v.updatedAt = clock.instant();
                if (a.deleteOnTermination) {
                    deleting.add(v.id);
                }
            }
            return deleting;
        });
        toDelete.forEach(worker::delete);
        if (!toDelete.isEmpty()) {
            LOG.info("server {} deleted: its volumes {} go with it (delete_on_termination)", instanceUuid, toDelete);
        }
    }

    /** Runs the host's part of an attach or detach after the API answered, as Nova's cast to the compute host. */
    public void later(Runnable work) {
        worker.run(work);
    }

    static List<VolumeAttachment> ofInstance(Session s, String instanceUuid) {
        return s.createSelectionQuery("from VolumeAttachmentEntity where instanceUuid = :u order by mountpoint",
                VolumeAttachmentEntity.class).setParameter("u", instanceUuid).list().stream()
                .map(VolumeAttachmentEntity::value).toList();
    }

    /** The attachments of a volume, for its view. */
    static List<VolumeAttachment> ofVolume(Session s, String volumeId) {
        return s.createSelectionQuery("from VolumeAttachmentEntity where volumeId = :v", VolumeAttachmentEntity.class)
                .setParameter("v", volumeId).list().stream().map(VolumeAttachmentEntity::value).toList();
    }

    private static Optional<VolumeAttachmentEntity> find(Session s, String instanceUuid, String volumeId) {
        return s.createSelectionQuery("from VolumeAttachmentEntity where instanceUuid = :u and volumeId = :v",
                VolumeAttachmentEntity.class).setParameter("u", instanceUuid).setParameter("v", volumeId)
                .uniqueResultOptional();
    }

    private void move(Session s, String volumeId, VolumeStatus was, VolumeStatus next, String reason) {
        int moved = s.createMutationQuery("update VolumeEntity set status = :next, errorReason = :why, updatedAt = :now "
                        + "where id = :id and status = :was").setParameter("next", next.wire())
                .setParameter("why", reason).setParameter("now", clock.instant()).setParameter("id", volumeId)
                .setParameter("was", was.wire()).executeUpdate();
        if (moved != 1) {
            throw ApiException.badRequest("Invalid volume: Volume " + volumeId + " changed status while this request "
                    + "ran; try again.");
        }
    }

    private static String nextFree(Set<String> taken) {
        for (char c : LETTERS.toCharArray()) {
            String dev = "/dev/vd" + c;
            if (!taken.contains(dev)) {
                return dev;
            }
        }
        throw ApiException.badRequest("No free disk device names for prefix 'vd'");
    }

    /** Nova takes {@code /dev/vdX} or {@code vdX}; novalab's guests have virtio disks only. */
    private static String canonical(String device) {
        String dev = device.startsWith("/dev/") ? device : "/dev/" + device;
        if (!dev.matches("/dev/vd[b-z]")) {
            throw ApiException.badRequest("The supplied device path (" + device + ") is invalid.");
        }
        return dev;
    }
}
