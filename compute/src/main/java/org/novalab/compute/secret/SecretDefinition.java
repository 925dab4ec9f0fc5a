package org.novalab.compute.secret;

import java.util.Optional;
import java.util.UUID;

/**
 * A libvirt secret of usage type volume: {@code <secret ephemeral='no' private='yes'><uuid>…</uuid>
 * <usage type='volume'><volume>PATH</volume></usage></secret>}. Ephemeral secrets are never written to disk;
 * private ones cannot be read back through the API.
 */
public record SecretDefinition(UUID uuid, boolean ephemeral, boolean isPrivate, String usageVolume,
                               Optional<String> description) {
    public SecretDefinition {
        if (uuid == null || usageVolume == null || usageVolume.isBlank()) {
            throw new SecretException("a volume secret needs a uuid and a volume path");
        }
        description = description == null ? Optional.empty() : description;
    }

    /** Nova's and the seed's shape: persistent, private, for one volume. */
    public static SecretDefinition forVolume(UUID uuid, String volume) {
        return new SecretDefinition(uuid, false, true, volume, Optional.empty());
    }
}
