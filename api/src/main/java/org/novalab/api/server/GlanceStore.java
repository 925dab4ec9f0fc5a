package org.novalab.api.server;

import java.util.Optional;
import org.novalab.storage.Pool;
import org.novalab.storage.ceph.CephCluster;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * Glance's image store of a server: the pool {@code images} of novalab's on-disk cluster under the state dir
 * (default_store = file), or the pool {@code rbd_store_pool} of a real Ceph cluster (default_store = rbd), whose
 * connection {@link #close()} ends. The pool must exist on Ceph: Glance never creates it, a deployment does.
 *
 * @param order          object size of new images (rbd_store_chunk_size)
 * @param locationPrefix {@code rbd://<fsid>/<pool>/} when show_image_direct_url is on and the store is rbd
 */
record GlanceStore(Pool pool, int order, Optional<String> locationPrefix, Optional<CephCluster> connection)
        implements AutoCloseable {

    static GlanceStore open(ServerConfig config) {
        return open(config, config.stateDir().resolve("pool"));
    }

    /** @param onDisk the directory of the on-disk cluster whose pool {@code images} the file store is */
    static GlanceStore open(ServerConfig config, java.nio.file.Path onDisk) {
        StorageSettings storage = config.storage();
        if (storage.glance().isEmpty()) {
            return new GlanceStore(DirectoryCluster.open(onDisk).createPool("images"),
                    Pool.DEFAULT_ORDER, Optional.empty(), Optional.empty());
        }
        StorageSettings.RbdPool rbd = storage.glance().get();
        CephCluster cluster = CephCluster.connect(rbd.client());
        try {
            Pool pool = cluster.openPool(rbd.pool());
            Optional<String> prefix = storage.showImageDirectUrl()
                    ? Optional.of("rbd://" + cluster.fsid() + "/" + rbd.pool() + "/") : Optional.empty();
            return new GlanceStore(pool, rbd.order(), prefix, Optional.of(cluster));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public void close() {
        connection.ifPresent(CephCluster::close);
    }
}
