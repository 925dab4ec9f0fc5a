package org.novalab.compute.backend;

import java.util.Optional;
import org.novalab.compute.BackendKind;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.EncryptionSpec;
import org.novalab.imagecache.BaseImage;

/**
 * "Boot from image (creates new volume)": the root disk is a clone of the Glance image inside the pool,
 * {@code <pool>/<uuid>_disk}, grown to the flavor's root disk (the image's size when {@code root_gb} is 0), attached
 * as a network disk. Only qcow2 disks can be encrypted (the seed): this backend encrypts nothing.
 */
public final class RbdBackend implements ImageBackend {
    private static final String REFUSAL = "only qcow2 disks can be encrypted: the Rbd backend (boot from image, "
            + "creates new volume) cannot encrypt its volume; use the Qcow2 backend (boot from image)";
    private final RbdVolumes volumes;

    public RbdBackend(RbdVolumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.RBD;
    }

    @Override
    public EncryptionSupport encryption() {
        return EncryptionSupport.none(REFUSAL);
    }

    /** Never asked to encrypt: the driver checks {@link #encryption()} first. */
    @Override
    public void createImage(BaseImage base, long size, InstanceFiles files, Optional<EncryptionSpec> encryption) {
        volumes.cloneImage(base.imageId(), volumeOf(files), size);
    }

    @Override
    public DiskDefinition libvirtInfo(InstanceFiles files, Optional<DiskEncryption> encryption) {
        return DiskDefinition.rootDisk(new DiskSource.Rbd(volumes.pool(), volumeOf(files)), "raw", Optional.empty());
    }

    @Override
    public String diskFormat() {
        return "rbd";
    }

    @Override
    public String volumeName(InstanceFiles files) {
        return volumes.pool() + "/" + volumeOf(files);
    }

    @Override
    public void remove(InstanceFiles files) {
        String v = volumeOf(files);
        if (volumes.exists(v)) {
            volumes.remove(v);
        }
    }

    /** Nova's name: {@code <instance uuid>_disk}. */
    static String volumeOf(InstanceFiles files) {
        return files.dir().getFileName() + "_disk";
    }
}
