package org.novalab.compute.volume;

import java.util.Optional;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

/**
 * Where a block storage volume's bytes live, chosen by its type's {@code volume_backend_name} (Cinder's backend, a
 * CloudStack primary storage pool): an RBD-layout pool or a directory of qcow2 files. An encrypted volume is LUKS,
 * written by novalab's own disk library, with the passphrase the key manager keeps for the volume; the guest (and
 * {@link #open}) sees exactly the size the volume was given, the LUKS header not counted.
 */
public interface VolumeBackend {
    /** The {@code volume_backend_name} that selects this backend. */
    String name();

    /** Where the volume is, as an operator names it ({@code volumes/volume-<uuid>} or a file path). */
    String locationOf(String volumeId);

    /**
     * A new blank volume of {@code sizeBytes} guest-visible bytes, sparse (nothing but a LUKS header is written);
     * encrypted with {@code passphrase} when present. Refuses an existing volume; leaves nothing when it fails.
     */
    void create(String volumeId, long sizeBytes, Optional<Passphrase> passphrase, LuksParams luks);

    /** The guest's view of the volume (decrypted with {@code passphrase} when encrypted); the caller closes it. */
    BlockDevice open(String volumeId, Optional<Passphrase> passphrase, boolean writable);

    /** Grows the volume so the guest sees exactly {@code newSizeBytes}; a shrink is refused. */
    void extend(String volumeId, long newSizeBytes, Optional<Passphrase> passphrase);

    /** The guest-visible size in bytes (the LUKS payload, for an encrypted volume). */
    long guestSize(String volumeId, Optional<Passphrase> passphrase);

    boolean exists(String volumeId);

    /** Where a guest's disk finds the volume: libvirt's {@code <source>} of an attached volume. */
    org.novalab.compute.domain.DiskSource diskSource(String volumeId);

    /** The format QEMU opens the volume in ({@code <driver type=…/>}): {@code raw} or {@code qcow2}. */
    String driverType();

    /** Removes the volume's data; a missing volume is not an error (the delete was done before). */
    void delete(String volumeId);

    /**
     * A copy-on-write snapshot {@code snapshot} of the volume as it is now (nothing copied): an RBD snapshot of
     * {@code volume-<id>}, protected so volumes can be cloned from it; on files, the current file frozen as
     * {@code volume-<id>.<snapshot>} under a new overlay. {@code passphrase} encrypts a new overlay, when there is one.
     */
    void snapshot(String volumeId, String snapshot, Optional<Passphrase> passphrase, LuksParams luks);

    /**
     * Removes a snapshot; {@link SnapshotBusy} while volumes are cloned from it. A missing snapshot is not an error.
     * On files its data is merged into the layers above it first, so the volume reads what it read before.
     */
    void deleteSnapshot(String volumeId, String snapshot, Optional<Passphrase> passphrase);

    /** The volume's bytes become the snapshot's again (everything written since is gone). */
    void revert(String volumeId, String snapshot, Optional<Passphrase> passphrase, LuksParams luks);

    /**
     * A new volume {@code newVolumeId} of {@code sizeBytes} guest bytes (at least the snapshot's) that reads the
     * snapshot's bytes and stores only what is written to it: an RBD clone of the protected snapshot, or a qcow2
     * overlay on the snapshot's file. An encrypted snapshot's clone opens with the same passphrase.
     */
    void cloneSnapshot(String volumeId, String snapshot, String newVolumeId, long sizeBytes,
            Optional<Passphrase> passphrase, LuksParams luks);

    boolean hasSnapshot(String volumeId, String snapshot);

    /** Cinder's RBD driver names a snapshot of a volume {@code snapshot-<id>}. */
    static String snapshotName(String snapshotId) {
        return "snapshot-" + snapshotId;
    }

    /** The hidden snapshot a volume cloned from another volume is made of, as Cinder's RBD driver names it. */
    static String cloneSnapshotName(String newVolumeId) {
        return imageName(newVolumeId) + ".clone_snap";
    }

    /** Cinder's RBD driver names a volume's image (and the file backend its file) {@code volume-<id>}. */
    static String imageName(String volumeId) {
        return "volume-" + volumeId;
    }
}
