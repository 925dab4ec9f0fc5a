package org.novalab.compute.backend;

import java.util.Optional;
import java.util.OptionalLong;
import org.novalab.compute.BackendKind;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.disk.EncryptionSpec;
import org.novalab.imagecache.BaseImage;

/**
 * Nova's {@code imagebackend.Image}: how an instance's root disk is made from the cached base image
 * ({@link #createImage}) and how libvirt sees it ({@link #libvirtInfo}). Implementations: {@link Qcow2Backend}
 * (overlay), {@link FlatBackend} (standalone converted copy), {@link RbdBackend} (clone in the pool).
 */
public interface ImageBackend {
    BackendKind kind();

    /** The formats this backend's disks can be encrypted with (Nova's {@code SUPPORTS_LUKS}). */
    EncryptionSupport encryption();

    /**
     * Creates the root disk of {@code size} bytes (already checked to hold the image). The passphrase in
     * {@code encryption} stays the caller's to close.
     */
    void createImage(BaseImage base, long size, InstanceFiles files, Optional<EncryptionSpec> encryption);

    /**
     * Nova's {@code Image.clone} from the image's location: the image's virtual size when this backend can make the
     * disk where the image store keeps it, with nothing downloaded ({@link #cloneDirect}); empty when the disk needs
     * the base in {@code _base} ({@link #createImage}).
     */
    default OptionalLong directCloneSize(String imageId, boolean encrypted) {
        return OptionalLong.empty();
    }

    /** Makes the disk of {@code size} bytes from the image in its store; only after {@link #directCloneSize}. */
    default void cloneDirect(String imageId, long size, InstanceFiles files) {
        throw new UnsupportedOperationException(kind() + " disks are made from the base");
    }

    /** The {@code <disk>} element for the domain XML. */
    DiskDefinition libvirtInfo(InstanceFiles files, Optional<DiskEncryption> encryption);

    /** The disk's format as {@code disk.info} records it. */
    String diskFormat();

    /** What libvirt's {@code <secret><usage><volume>} names for this disk. */
    String volumeName(InstanceFiles files);

    /** Removes what {@link #createImage} made outside the instance directory (the directory goes separately). */
    void remove(InstanceFiles files);
}
