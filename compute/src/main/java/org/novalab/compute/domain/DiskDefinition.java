package org.novalab.compute.domain;

import java.util.Optional;

/**
 * One {@code <disk device='disk'>}: source, {@code <driver name='qemu' type=…/>}, target, optional encryption, and
 * for an attached block storage volume its {@code <serial>} (the volume's id, as Nova writes it, so the guest and
 * the driver find the volume again) and {@code <iotune>} limits (the volume type's front-end QoS).
 */
public record DiskDefinition(DiskSource source, String driverType, String targetDev, String bus,
                             Optional<DiskEncryption> encryption, Optional<String> serial, IoTune iotune) {
    public DiskDefinition {
        encryption = encryption == null ? Optional.empty() : encryption;
        serial = serial == null ? Optional.empty() : serial;
        iotune = iotune == null ? IoTune.NONE : iotune;
    }

    public DiskDefinition(DiskSource source, String driverType, String targetDev, String bus,
                          Optional<DiskEncryption> encryption) {
        this(source, driverType, targetDev, bus, encryption, Optional.empty(), IoTune.NONE);
    }

    public static DiskDefinition rootDisk(DiskSource source, String driverType, Optional<DiskEncryption> encryption) {
        return new DiskDefinition(source, driverType, "vda", "virtio", encryption);
    }

    /** Whether this disk is the attached volume {@code volumeId} (its serial names it). */
    public boolean isVolume(String volumeId) {
        return serial.filter(volumeId::equals).isPresent();
    }
}
