package org.novalab.api.server;

import java.util.Optional;
import java.util.UUID;
import org.novalab.storage.ceph.CephClientConfig;

/**
 * Where a server keeps Glance's images and the Rbd backend's disks: novalab's on-disk pool under the state dir
 * (Glance's {@code default_store = file}, the embedded default), or pools of a real Ceph cluster
 * ({@code default_store = rbd}; {@code [libvirt] images_type = rbd}).
 *
 * @param glance     Glance's rbd store ({@code rbd_store_pool} of {@code rbd_store_ceph_conf} as {@code rbd_store_user}),
 *                   or empty for the on-disk pool
 * @param disks      the Rbd backend's pool ({@code images_rbd_pool} of {@code images_rbd_ceph_conf} as
 *                   {@code rbd_user}), or empty for the on-disk pool {@code vms}
 * @param showImageDirectUrl Glance's {@code show_image_direct_url}
 * @param rbdSecretUuid  {@code [libvirt] rbd_secret_uuid}: the ceph secret the Rbd backend's disks authenticate with
 */
public record StorageSettings(Optional<RbdPool> glance, Optional<RbdPool> disks, boolean showImageDirectUrl,
                              Optional<UUID> rbdSecretUuid) {
    public static final StorageSettings EMBEDDED = new StorageSettings(Optional.empty(), Optional.empty(), false);

    public StorageSettings {
        rbdSecretUuid = rbdSecretUuid == null ? Optional.empty() : rbdSecretUuid;
    }

    public StorageSettings(Optional<RbdPool> glance, Optional<RbdPool> disks, boolean showImageDirectUrl) {
        this(glance, disks, showImageDirectUrl, Optional.empty());
    }

    /**
     * One pool of a Ceph cluster.
     *
     * @param order the object size of images created there (2^order bytes; Glance's rbd_store_chunk_size)
     */
    public record RbdPool(CephClientConfig client, String pool, int order) {
    }
}
