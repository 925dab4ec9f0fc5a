package org.novalab.compute.backend;

import java.util.Optional;
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

    /** The {@code <disk>} element for the domain XML. */
    DiskDefinition libvirtInfo(InstanceFiles files, Optional<DiskEncryption> encryption);

    /** The disk's format as {@code disk.info} records it. */
    String diskFormat();

    /** What libvirt's {@code <secret><usage><volume>} names for this disk. */
    String volumeName(InstanceFiles files);

    /** Removes what {@link #createImage} made outside the instance directory (the directory goes separately). */
    void remove(InstanceFiles files);
}
