package org.novalab.compute.secret;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.Passphrase;

/**
 * The cephx key of {@code rbd_user} as a libvirt secret of usage type ceph ({@code rbd_secret_uuid}), which the Rbd
 * backend's network disks name in {@code <auth>} so QEMU's rbd driver authenticates with it. Nova leaves defining it
 * to the operator; novalab defines it on the compute host at every start, from the key the host's own connection
 * uses, so a rotated key takes effect on the next start.
 */
public final class CephKeySecret {
    private CephKeySecret() {
    }

    /**
     * Defines (or redefines, keeping the uuid) the secret and sets its value to {@code key}, the decoded cephx key,
     * which is zeroed here. A secret of another uuid for the same user is libvirt's usage conflict: set
     * {@code rbd_secret_uuid} to that secret's uuid.
     */
    public static DiskSource.CephAuth define(SecretStore secrets, UUID uuid, String user, byte[] key) {
        try (Passphrase value = Passphrase.of(key)) {
            secrets.define(SecretDefinition.forCeph(uuid, user));
            secrets.setValue(uuid, value);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return new DiskSource.CephAuth(user, uuid);
    }

    /** With {@code rbd_secret_uuid} unset: one stable uuid per cluster and user, so a restart redefines the same one. */
    public static UUID defaultUuid(String fsid, String user) {
        return UUID.nameUUIDFromBytes(("ceph " + fsid + " client." + user).getBytes(StandardCharsets.UTF_8));
    }
}
