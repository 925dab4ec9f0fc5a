package org.novalab.compute.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's libvirt cold snapshot ({@code LibvirtDriver.snapshot} without a live snapshot, which Nova never takes of an
 * encrypted disk): a running or paused guest is saved ({@code virDomainManagedSave}) so its disk holds still, the
 * disk is read through its whole backing chain into one standalone qcow2 ({@code snapshot_extract}: a qcow2 overlay
 * over {@code _base} becomes one whole image), and the guest is restored as it was. An encrypted disk is read with
 * its own passphrase and written again as LUKS in qcow2 under a fresh passphrase that the key manager keeps for the
 * image (owner {@link SecretOwner#image}); a plain disk gives a plain image. No plaintext of an encrypted disk is
 * ever written: the conversion decrypts and encrypts cluster by cluster.
 */
public final class ColdSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(ColdSnapshot.class);
    private final DiskTool disks;
    private final KeyManager keys;
    private final LuksParams luks;
    private final SnapshotFiles staging;

    /** The guest as the snapshot handles it: its power state, and how to save it and put it back. */
    public interface Guest {
        PowerState state();

        /** {@code virDomainManagedSave}: memory to disk, domain off. */
        void save();

        /** The saved guest restored (its disk's secret defined first); paused again when {@code paused}. */
        void restore(boolean paused);
    }

    public ColdSnapshot(DiskTool disks, KeyManager keys, LuksParams luks, SnapshotFiles staging) {
        this.disks = disks;
        this.keys = keys;
        this.luks = luks;
        this.staging = staging;
    }

    /**
     * @param disk       the instance's root disk
     * @param diskSecret the key manager id of the disk's passphrase, when it is encrypted
     */
    public SnapshotImage take(String imageId, Path disk, Optional<UUID> diskSecret, Guest guest) {
        if (!Files.isRegularFile(disk)) {
            throw new SnapshotFailed("the root disk is not a file of the instance directory (a volume-backed "
                    + "server): novalab snapshots only local disks");
        }
        PowerState before = guest.state();
        boolean saved = before == PowerState.RUNNING || before == PowerState.PAUSED;
        if (saved) {
            guest.save();
        }
        SnapshotImage image;
        try {
            image = extract(imageId, disk, diskSecret);
        } catch (RuntimeException e) {
            if (saved) {
                restoreQuietly(guest, before == PowerState.PAUSED, imageId);
            }
            throw e;
        }
        if (saved) {
            try {
                guest.restore(before == PowerState.PAUSED);
            } catch (RuntimeException e) {
                discard(image);
                throw e;
            }
        }
        return image;
    }

    /** The disk's guest bytes into one staged standalone qcow2, encrypted under the image's own key if it was. */
    SnapshotImage extract(String imageId, Path disk, Optional<UUID> diskSecret) {
        ImageInfo info = disks.info(disk);
        Path target = staging.stage(imageId);
        CreateOptions plain = CreateOptions.qcow2(info.virtualSize());
        try {
            if (diskSecret.isEmpty()) {
                disks.convert(disk, info.format(), KeyLookup.NONE, target, plain);
                return new SnapshotImage(target, "qcow2", info.virtualSize(), Optional.empty());
            }
            try (Passphrase source = diskPassphrase(diskSecret.get());
                 KeyManager.NewSecret key = keys.generate(SecretOwner.image(imageId))) {
                disks.convert(disk, info.format(), KeyLookup.always(source), target,
                        plain.withEncryption(EncryptionSpec.luks(key.passphrase(), luks)));
                keys.store(key);
                LOG.info("snapshot of {} for image {}: LUKS in qcow2 under key {}", disk, imageId, key.id());
                return new SnapshotImage(target, "qcow2", info.virtualSize(), Optional.of(key.id()));
            }
        } catch (RuntimeException e) {
            staging.remove(target);
            throw e;
        }
    }

    private Passphrase diskPassphrase(UUID secret) {
        try {
            return keys.get(secret);
        } catch (RuntimeException e) {
            throw new SnapshotFailed("the passphrase " + secret + " of the encrypted root disk is not in the key "
                    + "manager: the disk cannot be read", e);
        }
    }

    /** A snapshot that will not be uploaded: its file and its key go. */
    public void discard(SnapshotImage image) {
        staging.remove(image.file());
        image.key().ifPresent(k -> {
            try {
                keys.delete(k);
            } catch (RuntimeException e) {
                LOG.warn("could not delete the key {} of a discarded snapshot: {}", k, e.getMessage());
            }
        });
    }

    private static void restoreQuietly(Guest guest, boolean paused, String imageId) {
        try {
            guest.restore(paused);
        } catch (RuntimeException e) {
            LOG.warn("the guest saved for the snapshot {} could not be restored: {}", imageId, e.getMessage());
        }
    }
}
