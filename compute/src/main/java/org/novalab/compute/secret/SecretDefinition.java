package org.novalab.compute.secret;

import java.util.Optional;
import java.util.UUID;

/**
 * A libvirt secret: {@code <secret ephemeral='no' private='yes'><uuid>…</uuid><usage type='volume'><volume>PATH
 * </volume></usage></secret>} for an encrypted disk's passphrase, or of usage type ceph
 * ({@code <usage type='ceph'><name>client.nova secret</name></usage>}) for the cephx key QEMU authenticates to a
 * Ceph cluster with. Ephemeral secrets are never written to disk; private ones cannot be read back through the API.
 *
 * @param usageVolume the usage's name: the volume's path, or the ceph usage's {@code <name>}
 * @param usageType   {@code volume} or {@code ceph}
 */
public record SecretDefinition(UUID uuid, boolean ephemeral, boolean isPrivate, String usageVolume,
                               Optional<String> description, String usageType) {
    public static final String VOLUME = "volume";
    public static final String CEPH = "ceph";

    public SecretDefinition {
        usageType = usageType == null ? VOLUME : usageType;
        if (!usageType.equals(VOLUME) && !usageType.equals(CEPH)) {
            throw new SecretException("unsupported secret usage type '" + usageType + "'");
        }
        if (uuid == null || usageVolume == null || usageVolume.isBlank()) {
            throw new SecretException("a " + usageType + " secret needs a uuid and a usage name");
        }
        description = description == null ? Optional.empty() : description;
    }

    public SecretDefinition(UUID uuid, boolean ephemeral, boolean isPrivate, String usageVolume,
                            Optional<String> description) {
        this(uuid, ephemeral, isPrivate, usageVolume, description, VOLUME);
    }

    /** Nova's and the seed's shape: persistent, private, for one volume. */
    public static SecretDefinition forVolume(UUID uuid, String volume) {
        return new SecretDefinition(uuid, false, true, volume, Optional.empty());
    }

    /**
     * The cephx key of {@code user} (without {@code client.}) for the rbd disks' {@code <auth>}: persistent and
     * private, named as the Ceph documentation's {@code virsh secret-define} example names it.
     */
    public static SecretDefinition forCeph(UUID uuid, String user) {
        return new SecretDefinition(uuid, false, true, "client." + user + " secret", Optional.empty(), CEPH);
    }

    public boolean isCeph() {
        return usageType.equals(CEPH);
    }
}
