package org.novalab.compute.attach;

import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.IoTune;

/**
 * What the block storage service tells a compute host about a volume to attach (Cinder's {@code connection_info}),
 * as plain values: where its bytes are ({@code type='file'} qcow2 or an RBD image), the format QEMU opens
 * ({@code qcow2} or {@code raw}), the key manager id of its passphrase when it is encrypted (the volume's own
 * secret; the host never deletes it) and the type's front-end QoS limits. Never the passphrase itself.
 */
public record VolumeConnection(String volumeId, DiskSource source, String driverType, Optional<UUID> encryptionKeyId,
                               IoTune iotune) {
    public VolumeConnection {
        if (volumeId == null || volumeId.isBlank() || source == null || driverType == null) {
            throw new IllegalArgumentException("a volume connection needs the volume, its source and its format");
        }
        encryptionKeyId = encryptionKeyId == null ? Optional.empty() : encryptionKeyId;
        iotune = iotune == null ? IoTune.NONE : iotune;
    }
}
