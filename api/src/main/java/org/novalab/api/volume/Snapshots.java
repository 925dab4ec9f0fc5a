package org.novalab.api.volume;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.volume.FileVolumeBackend;

/**
 * The snapshot API's decisions, made in the request as Cinder's volume API makes them: which volume may be
 * snapshotted in which state ({@code force}, 3.66), the seed's offline-only rule for encrypted volumes, quotas, and
 * which snapshot may go. The disk work is the {@link VolumeWorker}'s.
 */
final class Snapshots {
    /** Cinder 3.66: snapshots of in-use volumes need no {@code force}, and {@code force=false} is refused. */
    static final int SNAPSHOT_IN_USE = 66;
    private final Database db;
    private final VolumeWorker worker;
    private final VolumeQuotas quotas;
    private final Clock clock;

    Snapshots(Database db, VolumeWorker worker, VolumeQuotas quotas, Clock clock) {
        this.db = db;
        this.worker = worker;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** A snapshot create as the API read it; {@code force} null when not given. */
    record Request(String volumeId, String name, String description, Boolean force, Map<String, String> metadata) {
    }

    SnapshotEntity create(AuthContext auth, Request r, VolumeMicroversion mv) {
        boolean inUseAllowed = mv.atLeast(SNAPSHOT_IN_USE) || Boolean.TRUE.equals(r.force());
        if (mv.atLeast(SNAPSHOT_IN_USE) && Boolean.FALSE.equals(r.force())) {
            throw ApiException.badRequest("Since microversion 3.66 the 'force' flag is invalid for this request.  "
                    + "For backward compatability, however, when the 'force' flag is passed with a value evaluating "
                    + "to True, it is silently ignored.");
        }
        SnapshotEntity created = db.write(s -> {
            VolumeEntity v = volume(s, auth, r.volumeId());
            refuseSnapshot(s, v, inUseAllowed);
            quotas.reserveSnapshot(s, v.projectId, v.sizeGb);
            SnapshotEntity snap = new SnapshotEntity(UUID.randomUUID().toString(), v, auth.userId(),
                    clock.instant());
            snap.name = r.name();
            snap.description = r.description();
            snap.setMetadata(r.metadata());
            s.persist(snap);
            return snap;
        });
        worker.snapshot(created.id);
        return created;
    }

    /**
     * Cinder's state rules for a snapshot of {@code v} (also the hidden one a clone of a volume is made of), and
     * novalab's two: an encrypted volume whose guest runs is refused (CloudStack: offline snapshots only), and a
     * file volume in use is refused (its snapshot swaps the file under the guest; Cinder's NFS driver asks Nova
     * for an assisted snapshot, which novalab does not do).
     */
    static void refuseSnapshot(Session s, VolumeEntity v, boolean inUseAllowed) {
        VolumeStatus status = v.status();
        if (status == VolumeStatus.ERROR) {
            throw ApiException.badRequest("Invalid volume: The snapshot cannot be created when the volume is in "
                    + "error status.");
        }
        boolean ok = status == VolumeStatus.AVAILABLE || (inUseAllowed && status == VolumeStatus.IN_USE);
        if (!ok) {
            throw ApiException.badRequest("Invalid volume: Volume " + v.id + " status must be "
                    + (inUseAllowed ? "available, in-use" : "available") + ", but current status is: " + v.status
                    + ".");
        }
        if (status != VolumeStatus.IN_USE) {
            return;
        }
        if (FileVolumeBackend.NAME.equals(v.backend)) {
            throw ApiException.badRequest("Invalid volume: Volume " + v.id + " is attached and lives on the file "
                    + "backend: novalab snapshots a file volume only while it is available (detach it first)");
        }
        if (v.encryptionKeyId != null) {
            for (VolumeAttachment a : VolumeAttachments.ofVolume(s, v.id)) {
                Integer power = s.createSelectionQuery("select i.powerState from InstanceEntity i where i.uuid = :u",
                        Integer.class).setParameter("u", a.instanceUuid()).uniqueResult();
                if (power != null && (power == PowerState.RUNNING.code() || power == PowerState.PAUSED.code())) {
                    throw new ApiException(409, "Invalid volume: Volume " + v.id + " is encrypted and attached to "
                            + "server " + a.instanceUuid() + ", whose guest is running: snapshots of encrypted "
                            + "volumes are taken offline only (as CloudStack); stop the server first");
                }
            }
        }
    }

    SnapshotEntity show(AuthContext auth, String id) {
        return db.read(s -> visible(s, auth, id));
    }

    /** Cinder's snapshot list: the caller's project (every project for an admin with all_tenants), newest first. */
    CinderListing.Page<SnapshotEntity> list(AuthContext auth, String name, String status, String volumeId,
            ListQuery query) {
        Map<String, String> equalTo = new java.util.LinkedHashMap<>();
        equalTo.put("name", name);
        equalTo.put("status", status);
        equalTo.put("volumeId", volumeId);
        return db.read(s -> CinderListing.page(CinderListing.newestFirst(s, SnapshotEntity.class, auth,
                query.allTenants(), equalTo), snap -> snap.id, query.limit(), query.marker()));
    }

    SnapshotEntity update(AuthContext auth, String id, String name, String description) {
        return db.write(s -> {
            SnapshotEntity snap = visible(s, auth, id);
            if (name != null) {
                snap.name = name;
            }
            if (description != null) {
                snap.description = description;
            }
            snap.updatedAt = clock.instant();
            return snap;
        });
    }

    /** Cinder's delete: available or error snapshots only; novalab refuses up front one that volumes are cloned from. */
    void delete(AuthContext auth, String id) {
        db.run(s -> {
            SnapshotEntity snap = visible(s, auth, id);
            if (!snap.status().deletable()) {
                throw ApiException.badRequest("Invalid snapshot: Snapshot status must be available or error and "
                        + "must not be part of a group.");
            }
            List<String> clones = clonesOf(s, id);
            if (!clones.isEmpty()) {
                throw ApiException.badRequest("Invalid snapshot: Snapshot " + id + " is busy: volumes " + clones
                        + " are copy-on-write clones of it; delete them first");
            }
            take(s, snap, SnapshotStatus.DELETING, clock);
        });
        worker.deleteSnapshot(id);
    }

    /** The volumes made from snapshot {@code id} (they read its data). */
    static List<String> clonesOf(Session s, String id) {
        return s.createSelectionQuery("select v.id from VolumeEntity v where v.snapshotId = :s", String.class)
                .setParameter("s", id).list();
    }

    /** A guarded UPDATE of the snapshot's status: of two concurrent requests one wins. */
    static void take(Session s, SnapshotEntity snap, SnapshotStatus next, Clock clock) {
        int moved = s.createMutationQuery("update SnapshotEntity set status = :next, updatedAt = :now where id = :id "
                        + "and status = :was").setParameter("next", next.wire()).setParameter("now", clock.instant())
                .setParameter("id", snap.id).setParameter("was", snap.status).executeUpdate();
        if (moved != 1) {
            throw new ApiException(409, "Invalid snapshot: Snapshot " + snap.id + " changed status while this "
                    + "request ran; try again.");
        }
    }

    static SnapshotEntity visible(Session s, AuthContext auth, String id) {
        SnapshotEntity snap = s.get(SnapshotEntity.class, id);
        if (snap == null || (!auth.isAdmin() && !snap.projectId.equals(auth.projectId()))) {
            throw ApiException.notFound("Snapshot " + id + " could not be found.");
        }
        return snap;
    }

    private static VolumeEntity volume(Session s, AuthContext auth, String id) {
        VolumeEntity v = s.get(VolumeEntity.class, id);
        if (v == null || (!auth.isAdmin() && !v.projectId.equals(auth.projectId()))) {
            throw ApiException.notFound("Volume " + id + " could not be found.");
        }
        return v;
    }
}
