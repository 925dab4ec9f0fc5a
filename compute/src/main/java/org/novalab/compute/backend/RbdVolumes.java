package org.novalab.compute.backend;

import java.util.Optional;
import java.util.OptionalLong;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

/** The RBD pool as the Rbd backend needs it: copy-on-write clones of a Glance image, named per instance. */
public interface RbdVolumes {
    String pool();

    /**
     * Nova's {@code RBDDriver.is_cloneable}: the virtual size of the image's snapshot {@code images/<id>@snap} when it
     * can be cloned where it is (in this cluster, and raw), so no byte of it is downloaded; empty otherwise.
     */
    OptionalLong cloneable(String imageId);

    /** Clones the image's snapshot into {@code volume} and grows it to {@code size} bytes. */
    void cloneImage(String imageId, String volume, long size);

    /**
     * Nova's {@code import_image} then {@code resize}: a new volume of {@code size} bytes holding the first
     * {@code length} guest bytes of {@code source} (a base in {@code _base}); runs of zeros are not written.
     */
    void importImage(BlockDevice source, long length, String volume, long size);

    /**
     * LUKS directly on the RBD image, as QEMU's luks driver writes it over rbd: a new image of the LUKS payload
     * offset plus {@code size} bytes, the header at its start, and the first {@code length} guest bytes of
     * {@code source} encrypted into the payload. Nothing of the image stays when this fails.
     */
    void importEncrypted(BlockDevice source, long length, String volume, long size, Passphrase passphrase,
                         LuksParams luks);

    boolean exists(String volume);

    void remove(String volume);

    /** What the pool holds of {@code volume} (for the classroom); empty when there is no such volume. */
    Optional<RbdVolumeStat> stat(String volume);

    /** The guest's view of the volume (reads fall through to the parent image, like librbd). */
    BlockDevice open(String volume);

    /** The guest's view of a LUKS volume; {@link org.novalab.disk.InvalidPassphrase} for a wrong passphrase. */
    BlockDevice openEncrypted(String volume, Passphrase passphrase);

    /** How the domain names {@code volume}: the network disk's source, with the monitors and cephx auth if any. */
    default DiskSource.Rbd diskSource(String volume) {
        return new DiskSource.Rbd(pool(), volume);
    }
}
