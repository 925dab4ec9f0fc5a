package org.novalab.compute.domain;

import java.util.Optional;

/** One {@code <disk device='disk'>}: source, {@code <driver name='qemu' type=…/>}, target, optional encryption. */
public record DiskDefinition(DiskSource source, String driverType, String targetDev, String bus,
                             Optional<DiskEncryption> encryption) {
    public DiskDefinition {
        encryption = encryption == null ? Optional.empty() : encryption;
    }

    public static DiskDefinition rootDisk(DiskSource source, String driverType, Optional<DiskEncryption> encryption) {
        return new DiskDefinition(source, driverType, "vda", "virtio", encryption);
    }
}
