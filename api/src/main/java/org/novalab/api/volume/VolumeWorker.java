package org.novalab.api.volume;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.novalab.api.persistence.Database;
import org.novalab.compute.volume.VolumeBackend;
import org.novalab.compute.volume.VolumeBackends;
import org.novalab.compute.volume.VolumeFill;
import org.novalab.compute.volume.VolumeBackendException;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.DiskException;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.io.AtomicFiles;
import org.novalab.keys.KeyManager;
import org.novalab.keys.ManagedSecretNotFound;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cinder-volume's half: the disk work of a create, extend or delete, off the request, recording the outcome. An
 * encrypted volume's passphrase is generated and stored in the key manager, owned by the volume, before the disk
 * is written; it is zeroed after each use and deleted with the volume. A create that fails leaves no disk and no
 * key, only the volume in {@code error} with the reason.
 */
final class VolumeWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeWorker.class);
    static final Set<String> COPYABLE_FORMATS = Set.of("raw", "qcow2");
    private final Database db;
    private final VolumeBackends backends;
    private final KeyManager keys;
    private final ImageService images;
    private final Path scratch;
    private final LuksParams luks;
    private final Clock clock;
    private final ExecutorService executor;

    VolumeWorker(Database db, VolumeBackends backends, KeyManager keys, ImageService images, Path scratch,
            LuksParams luks, Clock clock) {
        this.db = db;
        this.backends = backends;
        this.keys = keys;
        this.images = images;
        this.scratch = scratch;
        this.luks = luks;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "novalab-volume-worker");
            t.setDaemon(true);
            return t;
        });
    }

    void create(String id) {
        executor.execute(() -> runCreate(id));
    }

    void delete(String id) {
        executor.execute(() -> runDelete(id));
    }

    /** Other work of the volume service's threads (an attach's host call after the API answered). */
    void run(Runnable work) {
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("volume work failed: {}", e.getMessage());
            }
        });
    }

    void extend(String id, int newSizeGb) {
        executor.execute(() -> runExtend(id, newSizeGb));
    }

    void snapshot(String snapshotId) {
        executor.execute(() -> runSnapshot(snapshotId));
    }

    void deleteSnapshot(String snapshotId) {
        executor.execute(() -> runDeleteSnapshot(snapshotId));
    }

    void revert(String volumeId, String snapshotId) {
        executor.execute(() -> runRevert(volumeId, snapshotId));
    }

    /**
     * After a restart: a create or extend that was running cannot be trusted (error, its half-made disk and key
     * gone), a delete that was running is finished.
     */
    void recover() {
        removeStagedImages();
        List<VolumeEntity> interrupted = db.read(s -> s.createSelectionQuery(
                "from VolumeEntity where status in ('creating', 'deleting', 'extending')", VolumeEntity.class).list());
        for (VolumeEntity v : interrupted) {
            switch (v.status()) {
                case CREATING -> {
                    discard(v.id, v.backend);
                    record(v.id, VolumeStatus.ERROR, "the create was interrupted by a restart of the server");
                }
                case DELETING -> delete(v.id);
                default -> record(v.id, VolumeStatus.ERROR_EXTENDING,
                        "the extend was interrupted by a restart of the server");
            }
        }
        recoverSnapshots();
    }

    /**
     * A snapshot being taken cannot be trusted (error: a delete removes what it left), one being deleted is deleted
     * again, and a revert that was running leaves its volume in error (its bytes may be half the snapshot's).
     */
    private void recoverSnapshots() {
        List<SnapshotEntity> interrupted = db.read(s -> s.createSelectionQuery(
                "from SnapshotEntity where status in ('creating', 'deleting', 'restoring')", SnapshotEntity.class)
                .list());
        for (SnapshotEntity snap : interrupted) {
            switch (snap.status()) {
                case CREATING -> recordSnapshot(snap.id, SnapshotStatus.ERROR,
                        "the snapshot was interrupted by a restart of the server");
                case DELETING -> {
                    VolumeEntity v = db.read(s -> s.get(VolumeEntity.class, snap.volumeId));
                    if (v.status() != VolumeStatus.DELETING) {
                        deleteSnapshot(snap.id);
                    }
                }
                default -> {
                    recordSnapshot(snap.id, SnapshotStatus.AVAILABLE, null);
                    record(snap.volumeId, VolumeStatus.ERROR, "the revert was interrupted by a restart of the server");
                }
            }
        }
        db.read(s -> s.createSelectionQuery("select v.id from VolumeEntity v where v.status = 'reverting'",
                String.class).list()).forEach(id -> record(id, VolumeStatus.ERROR,
                "the revert was interrupted by a restart of the server"));
    }

    /** Images a killed create was copying from: plaintext of a qcow2 image, no one's any more. */
    private void removeStagedImages() {
        if (!Files.isDirectory(scratch)) {
            return;
        }
        try (var staged = Files.list(scratch)) {
            for (Path p : staged.filter(f -> f.getFileName().toString().startsWith(".image-")).toList()) {
                Files.deleteIfExists(p);
                LOG.info("removed {}, an image a create was copying when the server stopped", p.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("cleaning the volume scratch directory {}: {}", scratch, e.toString());
        }
    }

    private void runCreate(String id) {
        VolumeEntity v = db.read(s -> s.get(VolumeEntity.class, id));
        Optional<LuksParams> params = encryption(v).map(e -> e.luksParams(luks));
        VolumeBackend backend = backends.get(v.backend);
        try {
            if (v.snapshotId != null || v.sourceVolid != null) {
                createClone(v, backend, params.orElse(luks));
            } else if (params.isPresent()) {
                try (KeyManager.NewSecret secret = keys.generate(SecretOwner.volume(id))) {
                    // the key exists, and the volume names it, before any byte is encrypted with it
                    keys.store(secret);
                    db.run(s -> s.get(VolumeEntity.class, id).encryptionKeyId = secret.id().toString());
                    build(v, backend, Optional.of(secret.passphrase()), params.get());
                }
            } else {
                build(v, backend, Optional.empty(), luks);
            }
            record(id, VolumeStatus.AVAILABLE, null);
        } catch (RuntimeException e) {
            LOG.warn("volume {}: create failed: {}", id, e.toString());
            String why = "create failed: " + reason(e);
            try {
                discard(id, v.backend);
            } catch (RuntimeException cleanup) {
                // the volume still says error; a delete retries the cleanup
                LOG.warn("volume {}: removing what the failed create left: {}", id, cleanup.toString());
                why += " (its leftovers are removed by a delete)";
            }
            record(id, VolumeStatus.ERROR, why);
        }
    }

    /**
     * A copy-on-write clone of a snapshot, or of a volume through a hidden snapshot of it (Cinder's RBD driver's
     * {@code volume-<new>.clone_snap}). An encrypted source's clone shares its LUKS header, so it opens with the
     * source's passphrase: the clone gets a key of its own in the key manager holding a copy of it (Cinder's
     * clone_encryption_key), owned by the clone and deleted with it, so the source's delete never breaks the clone.
     */
    private void createClone(VolumeEntity v, VolumeBackend backend, LuksParams params) {
        String sourceId;
        String snapshot;
        if (v.snapshotId != null) {
            SnapshotEntity snap = db.read(s -> s.get(SnapshotEntity.class, v.snapshotId));
            sourceId = snap.volumeId;
            snapshot = snap.backendName();
        } else {
            sourceId = v.sourceVolid;
            snapshot = VolumeBackend.cloneSnapshotName(v.id);
        }
        VolumeEntity source = db.read(s -> s.get(VolumeEntity.class, sourceId));
        try (Key key = key(source)) {
            if (v.sourceVolid != null) {
                backend.snapshot(sourceId, snapshot, key.passphrase(), params);
            }
            if (key.passphrase().isPresent()) {
                try (KeyManager.NewSecret copy = new KeyManager.NewSecret(UUID.randomUUID(), SecretOwner.volume(v.id),
                        key.passphrase().get().copy())) {
                    keys.store(copy);
                    db.run(s -> s.get(VolumeEntity.class, v.id).encryptionKeyId = copy.id().toString());
                }
            }
            backend.cloneSnapshot(sourceId, snapshot, v.id, v.sizeGb * Volumes.GIB, key.passphrase(), params);
        } catch (RuntimeException e) {
            if (v.sourceVolid != null) {
                dropCloneSnapshot(v);
            }
            throw e;
        }
    }

    /** After a clone of a volume is gone (or failed), the hidden snapshot of its source goes too. */
    private void dropCloneSnapshot(VolumeEntity clone) {
        VolumeEntity source = db.read(s -> s.get(VolumeEntity.class, clone.sourceVolid));
        if (source == null) {
            return;
        }
        try (Key key = key(source)) {
            backends.get(source.backend).deleteSnapshot(source.id, VolumeBackend.cloneSnapshotName(clone.id),
                    key.passphrase());
        } catch (RuntimeException e) {
            LOG.warn("volume {}: removing the clone snapshot of its source {}: {}", clone.id, source.id, e.toString());
        }
    }

    private void runSnapshot(String snapshotId) {
        SnapshotEntity snap = db.read(s -> s.get(SnapshotEntity.class, snapshotId));
        VolumeEntity v = db.read(s -> s.get(VolumeEntity.class, snap.volumeId));
        try (Key key = key(v)) {
            LuksParams params = encryption(v).map(e -> e.luksParams(luks)).orElse(luks);
            backends.get(v.backend).snapshot(v.id, snap.backendName(), key.passphrase(), params);
            recordSnapshot(snapshotId, SnapshotStatus.AVAILABLE, null);
        } catch (RuntimeException e) {
            LOG.warn("snapshot {}: create failed: {}", snapshotId, e.toString());
            recordSnapshot(snapshotId, SnapshotStatus.ERROR, "create failed: " + reason(e));
        }
    }

    /** Cinder's delete: busy (clones of it exist) puts it back to available, any other failure is error_deleting. */
    private void runDeleteSnapshot(String snapshotId) {
        SnapshotEntity snap = db.read(s -> s.get(SnapshotEntity.class, snapshotId));
        if (snap == null) {
            return;
        }
        try {
            removeSnapshot(snap);
        } catch (org.novalab.compute.volume.SnapshotBusy e) {
            recordSnapshot(snapshotId, SnapshotStatus.AVAILABLE, "delete refused: " + reason(e));
        } catch (RuntimeException e) {
            LOG.warn("snapshot {}: delete failed: {}", snapshotId, e.toString());
            recordSnapshot(snapshotId, SnapshotStatus.ERROR_DELETING, "delete failed: " + reason(e));
        }
    }

    private void removeSnapshot(SnapshotEntity snap) {
        VolumeEntity v = db.read(s -> s.get(VolumeEntity.class, snap.volumeId));
        try (Key key = key(v)) {
            backends.get(v.backend).deleteSnapshot(v.id, snap.backendName(), key.passphrase());
        }
        db.run(s -> {
            SnapshotEntity current = s.get(SnapshotEntity.class, snap.id);
            if (current != null) {
                s.remove(current);
            }
        });
    }

    private void runRevert(String volumeId, String snapshotId) {
        VolumeEntity v = db.read(s -> s.get(VolumeEntity.class, volumeId));
        SnapshotEntity snap = db.read(s -> s.get(SnapshotEntity.class, snapshotId));
        try (Key key = key(v)) {
            LuksParams params = encryption(v).map(e -> e.luksParams(luks)).orElse(luks);
            backends.get(v.backend).revert(volumeId, snap.backendName(), key.passphrase(), params);
            record(volumeId, VolumeStatus.AVAILABLE, null);
        } catch (RuntimeException e) {
            LOG.warn("volume {}: revert to snapshot {} failed: {}", volumeId, snapshotId, e.toString());
            record(volumeId, VolumeStatus.ERROR, "revert to snapshot " + snapshotId + " failed: " + reason(e));
        } finally {
            recordSnapshot(snapshotId, SnapshotStatus.AVAILABLE, null);
        }
    }

    private void recordSnapshot(String id, SnapshotStatus status, String reason) {
        db.run(s -> {
            SnapshotEntity snap = s.get(SnapshotEntity.class, id);
            if (snap != null) {
                snap.status = status.wire();
                snap.errorReason = reason;
                snap.updatedAt = clock.instant();
            }
        });
    }

    private void build(VolumeEntity v, VolumeBackend backend, Optional<Passphrase> key, LuksParams params) {
        backend.create(v.id, v.sizeGb * Volumes.GIB, key, params);
        if (v.imageId != null) {
            try (BlockDevice device = backend.open(v.id, key, true)) {
                fill(images.get(v.imageId), device, key.isPresent());
            }
        }
    }

    /**
     * The image's guest bytes into the volume: a raw image streamed from the pool; a qcow2 one (perhaps encrypted
     * under the image's own key) staged in a private scratch file, opened through the disk library and copied
     * decrypted, so the volume's device encrypts it under the volume's key.
     */
    private void fill(ImageRecord image, BlockDevice device, boolean encryptedVolume) {
        if ("raw".equals(image.diskFormat())) {
            try (InputStream in = images.download(image.id())) {
                VolumeFill.copy(in, device, encryptedVolume);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        Path staged = scratch.resolve(".image-" + UUID.randomUUID());
        try {
            Files.createDirectories(scratch);
            try (InputStream in = images.download(image.id())) {
                AtomicFiles.copy(in, staged);
            }
            Files.setPosixFilePermissions(staged, AtomicFiles.OWNER_ONLY);
            try (BlockDevice source = openStaged(staged, image.id())) {
                VolumeFill.copy(source, source.size(), device, encryptedVolume);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                LOG.warn("removing the staged image {}: {}", staged, e.toString());
            }
        }
    }

    /** The staged image's guest view; a refusal names the image, never the scratch file. */
    private BlockDevice openStaged(Path staged, String imageId) {
        try {
            return Disks.open(staged, ImageFormat.QCOW2, imageKeys(imageId), false);
        } catch (PassphraseRequired e) {
            throw new VolumeBackendException("image " + imageId + " is encrypted and novalab holds no key for it");
        } catch (InvalidPassphrase e) {
            throw new VolumeBackendException("image " + imageId + " is encrypted and its key does not open it");
        } catch (DiskException e) {
            throw new VolumeBackendException("image " + imageId + " is not a qcow2 image novalab can read");
        }
    }

    /** An image made from an encrypted disk opens with the passphrase the image owns. */
    private KeyLookup imageKeys(String imageId) {
        List<SecretMetadata> owned = keys.list(SecretOwner.image(imageId));
        if (owned.isEmpty()) {
            return KeyLookup.NONE;
        }
        UUID keyId = owned.get(0).id();
        return path -> Optional.of(keys.get(keyId));
    }

    private void runExtend(String id, int newSizeGb) {
        VolumeEntity v = db.read(s -> s.get(VolumeEntity.class, id));
        try (Key key = key(v)) {
            backends.get(v.backend).extend(id, newSizeGb * Volumes.GIB, key.passphrase());
            db.run(s -> {
                VolumeEntity current = s.get(VolumeEntity.class, id);
                current.sizeGb = newSizeGb;
                current.status = VolumeStatus.AVAILABLE.wire();
                current.errorReason = null;
                current.updatedAt = clock.instant();
            });
        } catch (RuntimeException e) {
            LOG.warn("volume {}: extend failed: {}", id, e.toString());
            record(id, VolumeStatus.ERROR_EXTENDING, "extend failed: " + reason(e));
        }
    }

    private void runDelete(String id) {
        VolumeEntity v = db.read(s -> s.get(VolumeEntity.class, id));
        if (v == null) {
            return;
        }
        try {
            // cascade: the API let only a volume whose snapshots may go reach here
            for (SnapshotEntity snap : db.read(s -> Volumes.snapshotsOf(s, id))) {
                removeSnapshot(snap);
            }
            discard(id, v.backend);
            if (v.sourceVolid != null) {
                dropCloneSnapshot(v);
            }
            db.run(s -> {
                VolumeEntity current = s.get(VolumeEntity.class, id);
                if (current != null) {
                    s.remove(current);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("volume {}: delete failed: {}", id, e.toString());
            record(id, VolumeStatus.ERROR_DELETING, "delete failed: " + reason(e));
        }
    }

    /** The volume's disk, then every passphrase it owns (a key never outlives its volume's data). */
    private void discard(String id, String backend) {
        backends.get(backend).delete(id);
        for (SecretMetadata key : keys.list(SecretOwner.volume(id))) {
            try {
                keys.delete(key.id());
            } catch (ManagedSecretNotFound e) {
                // gone already: what was asked is true
            }
        }
        db.run(s -> {
            VolumeEntity v = s.get(VolumeEntity.class, id);
            if (v != null) {
                v.encryptionKeyId = null;
            }
        });
    }

    /** The passphrase of an encrypted volume, zeroed when closed. */
    private record Key(Optional<Passphrase> passphrase) implements AutoCloseable {
        @Override
        public void close() {
            passphrase.ifPresent(Passphrase::close);
        }
    }

    private Key key(VolumeEntity v) {
        return new Key(Optional.ofNullable(v.encryptionKeyId).map(k -> keys.get(UUID.fromString(k))));
    }

    private Optional<VolumeEncryption> encryption(VolumeEntity v) {
        return db.read(s -> Optional.ofNullable(s.get(VolumeEncryptionEntity.class, v.volumeTypeId))
                .map(VolumeEncryptionEntity::spec));
    }

    private void record(String id, VolumeStatus status, String reason) {
        db.run(s -> {
            VolumeEntity v = s.get(VolumeEntity.class, id);
            if (v != null) {
                v.status = status.wire();
                v.errorReason = reason;
                v.updatedAt = clock.instant();
            }
        });
    }

    /** A failure's message for the volume's record: its own words, never a stack trace, cut to the column. */
    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 900 ? message.substring(0, 900) + "..." : message;
    }

    /** Waits for queued work (tests, shutdown). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
