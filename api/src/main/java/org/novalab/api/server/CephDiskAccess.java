package org.novalab.api.server;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.backend.PoolRbdVolumes;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.secret.CephKeySecret;
import org.novalab.compute.secret.SecretStore;
import org.novalab.storage.ceph.CephCluster;

/**
 * How QEMU reaches the Rbd backend's disks on a real cluster, as Nova's {@code Rbd.libvirt_info} writes it: the
 * monitors of the compute host's connection as {@code <host>} elements, and {@code <auth username=rbd_user>} naming
 * the ceph secret {@code rbd_secret_uuid} (unset: a uuid stable per cluster and user), which {@link #defineSecret}
 * puts on the host with the connection's own key.
 */
record CephDiskAccess(CephCluster cluster, String user, UUID secretUuid) {
    static CephDiskAccess of(CephCluster cluster, Optional<UUID> rbdSecretUuid) {
        String user = cluster.config().clientId();
        return new CephDiskAccess(cluster, user,
                rbdSecretUuid.orElseGet(() -> CephKeySecret.defaultUuid(cluster.fsid(), user)));
    }

    PoolRbdVolumes applyTo(PoolRbdVolumes volumes) {
        List<DiskSource.MonHost> hosts = cluster.monitors().stream()
                .map(m -> new DiskSource.MonHost(m.host(), Optional.of(m.port()))).toList();
        return volumes.withAccess(hosts, Optional.of(new DiskSource.CephAuth(user, secretUuid)));
    }

    void defineSecret(SecretStore secrets) {
        CephKeySecret.define(secrets, secretUuid, user, cluster.clientKey());
    }
}
