package org.novalab.storage.ceph;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of librados' C API (librados2, {@code rados/librados.h}) the storage seam needs. Every call returns 0 or a
 * count on success and a negative errno on failure ({@link CephErrors}). Handles are opaque pointers:
 * {@code rados_t} for a cluster connection, {@code rados_ioctx_t} for a pool.
 */
interface Librados extends Library {
    int rados_create(PointerByReference cluster, String id);

    int rados_conf_read_file(Pointer cluster, String path);

    int rados_conf_set(Pointer cluster, String option, String value);

    /** The option's value as this handle has it, metavariables ($cluster, $id) expanded; -ENAMETOOLONG if short. */
    int rados_conf_get(Pointer cluster, String option, byte[] buf, long len);

    int rados_connect(Pointer cluster);

    void rados_shutdown(Pointer cluster);

    /** Fetches the newest osdmap: a long-lived connection otherwise answers pool questions from an old one. */
    int rados_wait_for_latest_osdmap(Pointer cluster);

    int rados_cluster_fsid(Pointer cluster, byte[] buf, long len);

    /** NUL-separated names ending in an empty one; returns the length needed (more than {@code len}: call again). */
    int rados_pool_list(Pointer cluster, byte[] buf, long len);

    /** The pool's id, or -ENOENT. */
    long rados_pool_lookup(Pointer cluster, String name);

    int rados_pool_create(Pointer cluster, String name);

    int rados_pool_delete(Pointer cluster, String name);

    int rados_ioctx_create(Pointer cluster, String pool, PointerByReference ioctx);

    void rados_ioctx_destroy(Pointer ioctx);

    int rados_application_enable(Pointer ioctx, String app, int force);

    int rados_write_full(Pointer ioctx, String oid, byte[] buf, long len);

    /** Returns the number of bytes read. */
    int rados_read(Pointer ioctx, String oid, byte[] buf, long len, long offset);

    int rados_stat(Pointer ioctx, String oid, LongByReference size, LongByReference mtime);

    int rados_remove(Pointer ioctx, String oid);

    int rados_nobjects_list_open(Pointer ioctx, PointerByReference ctx);

    /** -ENOENT after the last object. */
    int rados_nobjects_list_next(Pointer ctx, PointerByReference entry, PointerByReference key,
                                 PointerByReference nspace);

    void rados_nobjects_list_close(Pointer ctx);
}
