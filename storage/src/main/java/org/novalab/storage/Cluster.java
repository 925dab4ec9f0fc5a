package org.novalab.storage;

import java.util.List;

/**
 * A storage cluster of named pools, as librados' {@code Rados} handle sees one. Clones may cross pools of one
 * cluster (Glance's {@code images} to Nova's {@code vms}), never clusters.
 */
public interface Cluster {
    /** {@code rados.open_ioctx(name)}: the pool, which must exist ({@link PoolNotFound} otherwise). */
    Pool openPool(String name);

    /** {@code rados.create_pool(name)} unless the pool exists already (what a deployment does once), then opens it. */
    Pool createPool(String name);

    /** {@code rados.pool_exists(name)}. */
    boolean poolExists(String name);

    /** {@code rados.list_pools()}, sorted. */
    List<String> listPools();
}
