package org.novalab.api.volume;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.volume.VolumeBackends;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.ImageStatus;

/**
 * The volume API's decisions, made in the request: who sees which volume, what a create, update, extend or delete
 * may do in the volume's current state. Each accepted change records its new state ({@code creating},
 * {@code extending}, {@code deleting}) in one transaction and hands the disk work to the {@link VolumeWorker}, which
 * records the outcome, as cinder-api casts to cinder-volume.
 */
final class Volumes {
    static final long GIB = 1L << 30;
    /** Cinder refuses volumes past its quota; novalab caps a single volume (a sparse one costs no space). */
    static final int MAX_SIZE_GB = 16384;
    private final Database db;
    private final VolumeTypes types;
    private final VolumeBackends backends;
    private final ImageService images;
    private final VolumeWorker worker;
    private final VolumeQuotas quotas;
    private final Clock clock;

    Volumes(Database db, VolumeTypes types, VolumeBackends backends, ImageService images, VolumeWorker worker,
            VolumeQuotas quotas, Clock clock) {
        this.quotas = quotas;
        this.db = db;
        this.types = types;
        this.backends = backends;
        this.images = images;
        this.worker = worker;
        this.clock = clock;
    }

    /** A volume with the type it was made of (name, encryption), for its view. */
    record Shown(VolumeEntity volume, VolumeTypeEntity type, List<VolumeAttachment> attachments) {
        Shown(VolumeEntity volume, VolumeTypeEntity type) {
            this(volume, type, List.of());
        }
    }

    Shown create(AuthContext auth, VolumeRequest request) {
        Optional<ImageRecord> image = Optional.ofNullable(request.imageRef()).map(ref -> image(auth, ref));
        image.ifPresent(i -> {
            long needed = i.virtualSize() != null ? i.virtualSize() : i.size() == null ? 0 : i.size();
            if (needed > request.sizeGb() * GIB) {
                throw ApiException.badRequest("Invalid input received: Size of specified image "
                        + (needed + GIB - 1) / GIB + "GB is larger than volume size " + request.sizeGb() + "GB.");
            }
        });
        Shown shown = db.write(s -> {
            Clone clone = clone(s, auth, request);
            VolumeTypes.Type type = request.volumeType() != null
                    ? types.byNameOrId(s, request.volumeType(), auth.isAdmin())
                    : clone != null ? types.byNameOrId(s, clone.source().volumeTypeId, true)
                    : types.defaultType(s);
            String backend = backends.forName(type.type().backendName()).orElseThrow(() -> ApiException.badRequest(
                    "Invalid input received: volume type " + type.type().name + " names volume backend '"
                            + type.type().backendName() + "', which does not exist")).name();
            int sizeGb = request.sizeGb() != null ? request.sizeGb() : clone.sizeGb();
            if (clone != null) {
                clone.check(s, sizeGb, backend, type.type().id);
            }
            quotas.reserve(s, auth.projectId(), true, sizeGb, sizeGb);
            VolumeEntity v = new VolumeEntity(UUID.randomUUID().toString(), auth.projectId(), auth.userId(),
                    clock.instant());
            v.name = request.name();
            v.description = request.description();
            v.sizeGb = sizeGb;
            v.volumeTypeId = type.type().id;
            v.backend = backend;
            v.imageId = image.map(ImageRecord::id).orElse(null);
            v.bootable = image.isPresent() || (clone != null && clone.source().bootable);
            v.snapshotId = request.snapshotId();
            v.sourceVolid = request.sourceVolid();
            v.setMetadata(request.metadata());
            s.persist(v);
            return new Shown(v, type.type());
        });
        worker.create(shown.volume().id);
        return shown;
    }

    /**
     * The source of a volume made from a snapshot or another volume: a copy-on-write clone, so it must stay on the
     * source's backend and be at least its size; an encrypted source makes an encrypted clone (its type encrypted
     * too), and an unencrypted one an unencrypted clone (novalab would have to copy every byte to change that).
     */
    record Clone(VolumeEntity source, SnapshotEntity snapshot) {
        int sizeGb() {
            return snapshot != null ? snapshot.volumeSize : source.sizeGb;
        }

        void check(Session s, int sizeGb, String backend, String typeId) {
            if (sizeGb < sizeGb()) {
                throw ApiException.badRequest(snapshot != null
                        ? "Invalid input received: Volume size '" + sizeGb + "'GB cannot be smaller than the "
                                + "snapshot size " + sizeGb() + "GB. They must be >= original snapshot size."
                        : "Invalid input received: Volume size '" + sizeGb + "'GB cannot be smaller than original "
                                + "volume size " + sizeGb() + "GB. They must be >= original volume size.");
            }
            if (!backend.equals(source.backend)) {
                throw ApiException.badRequest("Invalid input received: the source lives on volume backend '"
                        + source.backend + "' and the new volume's type names '" + backend + "': novalab clones "
                        + "copy-on-write within one backend");
            }
            boolean encrypted = s.get(VolumeEncryptionEntity.class, typeId) != null;
            if (encrypted != (source.encryptionKeyId != null)) {
                throw ApiException.badRequest("Invalid input received: the source is " + (encrypted ? "not " : "")
                        + "encrypted and the new volume's type is" + (encrypted ? "" : " not") + ": a copy-on-write "
                        + "clone keeps the source's encryption (choose a type that matches)");
            }
        }
    }

    private static Clone clone(Session s, AuthContext auth, VolumeRequest request) {
        if (request.snapshotId() != null) {
            SnapshotEntity snap = s.get(SnapshotEntity.class, request.snapshotId());
            if (snap == null || (!auth.isAdmin() && !snap.projectId.equals(auth.projectId()))) {
                throw ApiException.notFound("Snapshot " + request.snapshotId() + " could not be found.");
            }
            if (snap.status() != SnapshotStatus.AVAILABLE) {
                throw ApiException.badRequest("Invalid snapshot: Originating snapshot status must be one of "
                        + "'available' values");
            }
            return new Clone(s.get(VolumeEntity.class, snap.volumeId), snap);
        }
        if (request.sourceVolid() != null) {
            VolumeEntity source = visible(s, auth, request.sourceVolid());
            // the clone is made of a hidden snapshot of the source: the snapshot rules hold (in-use as with force)
            Snapshots.refuseSnapshot(s, source, true);
            return new Clone(source, null);
        }
        return null;
    }

    private ImageRecord image(AuthContext auth, String ref) {
        ImageRecord image = images.find(ref).filter(i -> images.visibleTo(i, auth.projectId(), auth.isAdmin()))
                .orElseThrow(() -> ApiException.badRequest("Invalid image identifier or unable to access requested "
                        + "image."));
        if (image.status() != ImageStatus.ACTIVE) {
            throw ApiException.badRequest("Invalid input received: Image " + ref + " is not active.");
        }
        if (!VolumeWorker.COPYABLE_FORMATS.contains(String.valueOf(image.diskFormat()))) {
            throw ApiException.badRequest("Invalid input received: Image " + ref + " has disk format "
                    + image.diskFormat() + "; novalab makes volumes from raw and qcow2 images");
        }
        return image;
    }

    Shown show(AuthContext auth, String id) {
        return db.read(s -> shown(s, visible(s, auth, id)));
    }

    /** Cinder's list: the caller's project (every project for an admin with all_tenants), newest first. */
    CinderListing.Page<Shown> list(AuthContext auth, String name, String status, Map<String, String> metadata,
            ListQuery query) {
        Map<String, String> equalTo = new java.util.LinkedHashMap<>();
        equalTo.put("name", name);
        equalTo.put("status", status);
        return db.read(s -> {
            List<VolumeEntity> all = CinderListing.newestFirst(s, VolumeEntity.class, auth, query.allTenants(),
                    equalTo).stream().filter(v -> v.metadata().entrySet().containsAll(metadata.entrySet())).toList();
            return CinderListing.page(all, v -> v.id, query.limit(), query.marker()).map(v -> shown(s, v));
        });
    }

    Shown update(AuthContext auth, String id, String name, String description, Map<String, String> metadata) {
        return db.write(s -> {
            VolumeEntity v = visible(s, auth, id);
            if (name != null) {
                v.name = name;
            }
            if (description != null) {
                v.description = description;
            }
            if (metadata != null) {
                v.setMetadata(metadata);
            }
            v.updatedAt = clock.instant();
            return shown(s, v);
        });
    }

    /** Applies {@code change} to the volume's metadata in one transaction; returns the metadata now. */
    Map<String, String> changeMetadata(AuthContext auth, String id,
            java.util.function.Consumer<Map<String, String>> change) {
        return db.write(s -> {
            VolumeEntity v = visible(s, auth, id);
            Map<String, String> m = new java.util.TreeMap<>(v.metadata());
            change.accept(m);
            v.setMetadata(m);
            v.updatedAt = clock.instant();
            return m;
        });
    }

    /**
     * Cinder's delete: a volume with snapshots only with {@code cascade} (its snapshots then go first, each of them
     * available or error); novalab also refuses up front a volume that other volumes are cloned from (Cinder's RBD
     * driver hides such a volume until its clones go; novalab keeps it and says why).
     */
    void delete(AuthContext auth, String id, boolean cascade) {
        db.run(s -> {
            VolumeEntity v = visible(s, auth, id);
            List<SnapshotEntity> snapshots = snapshotsOf(s, id);
            if (!v.status().deletable() || (!snapshots.isEmpty() && !cascade)) {
                throw ApiException.badRequest("Invalid volume: Volume status must be available or error or "
                        + "error_restoring or error_extending or error_managing and must not be migrating, attached, "
                        + "belong to a group, have snapshots, awaiting a transfer, or be disassociated from "
                        + "snapshots after volume transfer (volume " + id + " is " + v.status
                        + (snapshots.isEmpty() ? "" : " and has " + snapshots.size() + " snapshot(s)") + ").");
            }
            List<String> clones = new java.util.ArrayList<>(s.createSelectionQuery("select v.id from VolumeEntity v "
                    + "where v.sourceVolid = :id", String.class).setParameter("id", id).list());
            for (SnapshotEntity snap : snapshots) {
                clones.addAll(Snapshots.clonesOf(s, snap.id));
            }
            if (!clones.isEmpty()) {
                throw ApiException.badRequest("Invalid volume: Volume " + id + " has copy-on-write clones "
                        + clones + " that read its data; delete them first");
            }
            for (SnapshotEntity snap : snapshots) {
                if (!snap.status().deletable()) {
                    throw ApiException.badRequest("Invalid volume: Snapshot " + snap.id + " of volume " + id
                            + " is " + snap.status + "; a cascade delete needs its snapshots available or error");
                }
                Snapshots.take(s, snap, SnapshotStatus.DELETING, clock);
            }
            take(s, v, VolumeStatus.DELETING);
        });
        worker.delete(id);
    }

    /**
     * Cinder 3.40's revert: only to the volume's latest snapshot, of the volume's current size, with the volume
     * available and the snapshot available (409 otherwise, as Cinder answers a lost race).
     */
    void revert(AuthContext auth, String id, String snapshotId) {
        db.run(s -> {
            VolumeEntity v = visible(s, auth, id);
            List<SnapshotEntity> snapshots = snapshotsOf(s, id);
            if (snapshots.isEmpty()) {
                throw ApiException.badRequest("Volume " + id + " doesn't have any snapshots.");
            }
            SnapshotEntity latest = snapshots.get(0);
            if (snapshotId == null || !snapshotId.equals(latest.id)) {
                throw ApiException.badRequest("Specified snapshot " + snapshotId + " is None or not the latest one "
                        + "of volume " + id + ".");
            }
            if (v.sizeGb != latest.volumeSize) {
                throw ApiException.badRequest("Can't revert volume " + id + " to its latest snapshot " + snapshotId
                        + ". The volume size must be equal to the snapshot size.");
            }
            if (v.status() != VolumeStatus.AVAILABLE) {
                throw new ApiException(409, "Invalid volume: Can't revert volume " + id + " to its latest snapshot "
                        + snapshotId + ". Volume's status must be 'available'.");
            }
            if (latest.status() != SnapshotStatus.AVAILABLE) {
                throw new ApiException(409, "Invalid snapshot: Can't revert volume " + id + " to its latest snapshot "
                        + snapshotId + ". Snapshot's status must be 'available'.");
            }
            take(s, v, VolumeStatus.REVERTING);
            Snapshots.take(s, latest, SnapshotStatus.RESTORING, clock);
        });
        worker.revert(id, snapshotId);
    }

    /** A volume's snapshots, newest first (Cinder's latest is the newest by creation time). */
    static List<SnapshotEntity> snapshotsOf(Session s, String volumeId) {
        return s.createSelectionQuery("from SnapshotEntity where volumeId = :v order by createdAt desc, id desc",
                SnapshotEntity.class).setParameter("v", volumeId).list();
    }

    /** {@code os-extend}: an available volume grows to {@code newSizeGb}; the guest will see exactly that. */
    void extend(AuthContext auth, String id, int newSizeGb) {
        db.run(s -> {
            VolumeEntity v = visible(s, auth, id);
            if (v.status() != VolumeStatus.AVAILABLE) {
                throw ApiException.badRequest("Invalid volume: Volume status must be 'available' to extend, "
                        + "currently " + v.status + ".");
            }
            if (newSizeGb <= v.sizeGb) {
                throw ApiException.badRequest("Invalid input received: New size for extend must be greater than "
                        + "current size. (current: " + v.sizeGb + ", extended: " + newSizeGb + ").");
            }
            if (newSizeGb > MAX_SIZE_GB) {
                throw ApiException.badRequest("Invalid input received: New size " + newSizeGb + " is more than "
                        + "novalab's largest volume, " + MAX_SIZE_GB + " GiB.");
            }
            quotas.reserve(s, v.projectId, false, newSizeGb, newSizeGb - v.sizeGb);
            take(s, v, VolumeStatus.EXTENDING);
        });
        worker.extend(id, newSizeGb);
    }

    /**
     * Moves the volume from the status it was read in to {@code next} only if no other request moved it meanwhile
     * (a guarded UPDATE): of two concurrent deletes or extends one wins, the other is refused.
     */
    private void take(Session s, VolumeEntity v, VolumeStatus next) {
        int moved = s.createMutationQuery("update VolumeEntity set status = :next, updatedAt = :now where id = :id "
                        + "and status = :was").setParameter("next", next.wire()).setParameter("now", clock.instant())
                .setParameter("id", v.id).setParameter("was", v.status).executeUpdate();
        if (moved != 1) {
            throw ApiException.badRequest("Invalid volume: Volume " + v.id + " changed status while this request "
                    + "ran; try again.");
        }
    }

    private static VolumeEntity visible(Session s, AuthContext auth, String id) {
        VolumeEntity v = s.get(VolumeEntity.class, id);
        if (v == null || (!auth.isAdmin() && !v.projectId.equals(auth.projectId()))) {
            throw ApiException.notFound("Volume " + id + " could not be found.");
        }
        return v;
    }

    private static Shown shown(Session s, VolumeEntity v) {
        return new Shown(v, s.get(VolumeTypeEntity.class, v.volumeTypeId), VolumeAttachments.ofVolume(s, v.id));
    }
}
