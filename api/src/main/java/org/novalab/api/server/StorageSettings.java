package org.novalab.api.server;

import java.util.Optional;
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
 */
public record StorageSettings(Optional<RbdPool> glance, Optional<RbdPool> disks, boolean showImageDirectUrl) {
    public static final StorageSettings EMBEDDED = new StorageSettings(Optional.empty(), Optional.empty(), false);

    /**
     * One pool of a Ceph cluster.
     *
     * @param order the object size of images created there (2^order bytes; Glance's rbd_store_chunk_size)
     */
    public record RbdPool(CephClientConfig client, String pool, int order) {
    }
}
