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

    /** Cinder's RBD driver names a volume's image (and the file backend its file) {@code volume-<id>}. */
    static String imageName(String volumeId) {
        return "volume-" + volumeId;
    }
}
