package org.novalab.storage.ceph;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.novalab.storage.Cluster;
import org.novalab.storage.Pool;
import org.novalab.storage.PoolNotFound;
import org.novalab.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a real Ceph cluster through librados ({@code rados.Rados(conffile=..., rados_id=...)} in Glance's
 * and Nova's Python): one {@code rados_t} for the process, one io context per pool opened, shared by every caller
 * (librados is thread-safe). {@link #close()} closes the images still open through it, then ends the connection
 * (librados must not be shut down under an open librbd image).
 */
public final class CephCluster implements Cluster, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CephCluster.class);
    /** rbd pool init writes it; its presence tells a pool RBD may use. */
    static final String RBD_APPLICATION = "rbd";

    private final Librados rados;
    private final Pointer handle;
    private final CephClientConfig config;
    private final String fsid;
    private final Map<String, CephPool> pools = new ConcurrentHashMap<>();
    private final Set<CephImage> openImages = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private CephCluster(Librados rados, Pointer handle, CephClientConfig config, String fsid) {
        this.rados = rados;
        this.handle = handle;
        this.config = config;
        this.fsid = fsid;
    }

    /**
     * Connects as {@code config.user()}; an unreachable or refusing cluster fails within the connect timeout with
     * a {@link StorageException} naming the conf file and the user, and nothing stays allocated.
     */
    public static CephCluster connect(CephClientConfig config) {
        if (!Files.isReadable(config.confFile())) {
            throw new StorageException("cannot read the Ceph configuration " + config.confFile());
        }
        Librados rados = NativeCeph.rados();
        PointerByReference ref = new PointerByReference();
        CephErrors.check(rados.rados_create(ref, config.clientId()), "rados_create");
        Pointer handle = ref.getValue();
        String who = "the Ceph cluster of " + config.confFile() + " as client." + config.clientId();
        try {
            CephErrors.check(rados.rados_conf_read_file(handle, config.confFile().toString()),
                    "cannot read " + config.confFile());
            set(rados, handle, "client_mount_timeout", seconds(config.connectTimeout()));
            set(rados, handle, "rados_mon_op_timeout", seconds(config.operationTimeout()));
            set(rados, handle, "rados_osd_op_timeout", seconds(config.operationTimeout()));
            // Clones that need a protected snapshot (format 1 clones), as Glance and Nova make them on every
            // release: librbd's "auto" would pick format 2 on a mimic-or-newer cluster and then clone unprotected
            // snapshots too, which the emulated pool refuses.
            set(rados, handle, "rbd_default_clone_format", "1");
            long started = System.nanoTime();
            int rc = rados.rados_connect(handle);
            if (rc < 0) {
                throw new StorageException("cannot connect to " + who + " within "
                        + config.connectTimeout().toSeconds() + " s: " + CephErrors.describe(rc));
            }
            byte[] buf = new byte[64];
            CephErrors.check(rados.rados_cluster_fsid(handle, buf, buf.length), "rados_cluster_fsid");
            String fsid = NulStrings.first(buf);
            LOG.debug("connected to Ceph cluster {} as client.{} in {} ms", fsid, config.clientId(),
                    (System.nanoTime() - started) / 1_000_000);
            return new CephCluster(rados, handle, config, fsid);
        } catch (RuntimeException e) {
            rados.rados_shutdown(handle);
            throw e;
        }
    }

    private static String seconds(java.time.Duration d) {
        return Long.toString(Math.max(1, d.toSeconds()));
    }

    private static void set(Librados rados, Pointer handle, String option, String value) {
        CephErrors.check(rados.rados_conf_set(handle, option, value), "cannot set " + option);
    }

    /** The cluster's fsid, the first part of a Glance location {@code rbd://<fsid>/<pool>/<image>/<snap>}. */
    public String fsid() {
        return fsid;
    }

    public CephClientConfig config() {
        return config;
    }

    /** A librados option as this connection has it ({@code rados_conf_get}), metavariables expanded. */
    public synchronized String option(String name) {
        requireOpen();
        byte[] buf = new byte[8192];
        CephErrors.check(rados.rados_conf_get(handle, name, buf, buf.length), "rados_conf_get " + name);
        return NulStrings.first(buf);
    }

    /**
     * The monitors QEMU's rbd driver is to reach, as libvirt's {@code <host>} elements list them (Nova's
     * {@code RBDDriver.get_mon_addrs}): the legacy v1 address of each monitor in {@code mon_host}.
     */
    public List<MonitorAddress> monitors() {
        return MonitorAddress.parseMonHost(option("mon_host"));
    }

    /**
     * The cephx key this connection authenticates with, decoded (the value a libvirt ceph secret holds): the
     * {@code key} option when set, else the {@code [client.<id>]} entry of the first readable keyring. The caller
     * zeroes it.
     */
    public byte[] clientKey() {
        String key = option("key");
        if (!key.isBlank()) {
            return java.util.Base64.getDecoder().decode(key.strip());
        }
        return CephKeyring.key(option("keyring"), "client." + config.clientId());
    }

    @Override
    public Pool openPool(String name) {
        requireOpen();
        return pools.computeIfAbsent(name, this::newPool);
    }

    private CephPool newPool(String name) {
        PointerByReference io = new PointerByReference();
        int rc = rados.rados_ioctx_create(handle, name, io);
        if (rc == -CephErrors.ENOENT) {
            throw new PoolNotFound("error opening pool " + name + ": No such file or directory");
        }
        CephErrors.check(rc, "error opening pool " + name);
        return new CephPool(this, name, io.getValue());
    }

    /**
     * What a deployment does once per pool ({@code ceph osd pool create} and {@code rbd pool init}): creates the
     * pool with the cluster's defaults, tags it for RBD and lets librbd initialise it (which writes
     * {@code rbd_info}). An existing pool is only opened.
     */
    @Override
    public Pool createPool(String name) {
        requireOpen();
        if (!poolExists(name)) {
            int rc = rados.rados_pool_create(handle, name);
            if (rc < 0 && rc != -CephErrors.EEXIST) {
                CephErrors.check(rc, "error creating pool " + name);
            }
            CephPool pool = (CephPool) openPool(name);
            CephErrors.check(rados.rados_application_enable(pool.ioctx(), RBD_APPLICATION, 1),
                    "error enabling rbd on pool " + name);
            CephErrors.check(NativeCeph.rbd().rbd_pool_init(pool.ioctx(), false), "rbd pool init " + name);
            return pool;
        }
        return openPool(name);
    }

    /** {@code rados.delete_pool(name)}: the pool and everything in it (the mon must allow pool deletion). */
    public void deletePool(String name) {
        requireOpen();
        CephPool pool = pools.remove(name);
        if (pool != null) {
            pool.destroy();
        }
        int rc = rados.rados_pool_delete(handle, name);
        if (rc == -CephErrors.ENOENT) {
            throw new PoolNotFound("error deleting pool " + name + ": No such file or directory");
        }
        CephErrors.check(rc, "error deleting pool " + name);
    }

    @Override
    public boolean poolExists(String name) {
        requireOpen();
        latestOsdMap();
        long rc = rados.rados_pool_lookup(handle, name);
        if (rc == -CephErrors.ENOENT) {
            return false;
        }
        CephErrors.check(rc, "error looking up pool " + name);
        return true;
    }

    @Override
    public List<String> listPools() {
        requireOpen();
        latestOsdMap();
        byte[] buf = new byte[4096];
        while (true) {
            int needed = (int) CephErrors.check(rados.rados_pool_list(handle, buf, buf.length), "error listing pools");
            if (needed <= buf.length) {
                return NulStrings.split(buf, needed).stream().sorted().toList();
            }
            buf = new byte[needed];
        }
    }

    /** Pools created or deleted by other clients are seen at once, as the rados tool (a new client) sees them. */
    private void latestOsdMap() {
        CephErrors.check(rados.rados_wait_for_latest_osdmap(handle), "cannot fetch the osdmap");
    }

    void opened(CephImage image) {
        requireOpen();
        openImages.add(image);
    }

    void closed(CephImage image) {
        openImages.remove(image);
    }

    private void requireOpen() {
        if (closed) {
            throw new StorageException("the connection to Ceph cluster " + fsid + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (CephImage image : List.copyOf(openImages)) {
            try {
                image.close();
            } catch (StorageException e) {
                LOG.warn("closing {} at shutdown: {}", image, e.getMessage());
            }
        }
        pools.values().forEach(CephPool::destroy);
        pools.clear();
        rados.rados_shutdown(handle);
    }

    @Override
    public String toString() {
        return "ceph cluster " + fsid + " (" + config.confFile() + ", client." + config.clientId() + ")";
    }
}
