package org.novalab.compute.backend;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import org.novalab.compute.BackendKind;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.KeyLookup;
import org.novalab.imagecache.BaseImage;

/**
 * Nova's {@code Rbd} image backend: the root disk is {@code <pool>/<uuid>_disk}, attached as an rbd network disk.
 * Made, as Nova's {@code Rbd.clone} then {@code create_image} make it, by a copy-on-write clone of the Glance image's
 * protected snapshot when that is raw and in this cluster (no download), else by importing the base fetched to
 * {@code _base}; then grown to the flavor's root disk (the image's size when {@code root_gb} is 0). An encrypted
 * disk is LUKS directly on the RBD image (QEMU's luks driver over rbd): it cannot be a clone, since every sector
 * of it must be ciphertext, so its base is always fetched and written through the cipher.
 */
public final class RbdBackend implements ImageBackend {
    private static final String REFUSAL = "the Rbd backend encrypts with LUKS only (QEMU's luks driver over rbd); "
            + "legacy qcow AES needs a qcow2 file (the Qcow2 or Flat backend)";
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
        return new EncryptionSupport(EnumSet.of(EncryptionFormat.LUKS), REFUSAL);
    }

    @Override
    public OptionalLong directCloneSize(String imageId, boolean encrypted) {
        return encrypted ? OptionalLong.empty() : volumes.cloneable(imageId);
    }

    @Override
    public void cloneDirect(String imageId, long size, InstanceFiles files) {
        volumes.cloneImage(imageId, volumeOf(files), size);
    }

    /** The base in {@code _base} read as the guest sees it (a qcow2 base converted on the way), then imported. */
    @Override
    public void createImage(BaseImage base, long size, InstanceFiles files, Optional<EncryptionSpec> encryption) {
        try (BlockDevice source = Disks.open(base.path(), base.format(), KeyLookup.NONE, false)) {
            if (encryption.isPresent()) {
                EncryptionSpec spec = encryption.get();
                if (spec.format() != EncryptionFormat.LUKS) {
                    throw new EncryptionNotSupported(REFUSAL);
                }
                volumes.importEncrypted(source, base.virtualSize(), volumeOf(files), size, spec.passphrase(),
                        spec.luks());
            } else {
                volumes.importImage(source, base.virtualSize(), volumeOf(files), size);
            }
        }
    }

    @Override
    public DiskDefinition libvirtInfo(InstanceFiles files, Optional<DiskEncryption> encryption) {
        return DiskDefinition.rootDisk(volumes.diskSource(volumeOf(files)), "raw", encryption);
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
