package org.novalab.storage.ceph;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of librbd's C API (librbd1, {@code rbd/librbd.h}) the storage seam needs: the calls Glance's store and
 * Nova's {@code RBDDriver} make through the Python binding. Negative errno on failure; {@code rbd_image_t} is an
 * opaque pointer. Where librbd has a newer call and a deprecated one with the same meaning, the deprecated one is
 * used only when it takes plain NUL-separated buffers (Ceph 16 still exports them all).
 */
interface Librbd extends Library {
    int rbd_pool_init(Pointer ioctx, boolean force);

    /** A format 2 image with exactly these features; {@code order} in/out (0: the default). */
    int rbd_create2(Pointer ioctx, String name, long size, long features, IntByReference order);

    int rbd_remove(Pointer ioctx, String name);

    /** NUL-separated names; {@code size} in/out; returns the count, or -ERANGE with the size needed. */
    int rbd_list(Pointer ioctx, byte[] names, LongByReference size);

    int rbd_open(Pointer ioctx, String name, PointerByReference image, String snapName);

    int rbd_open_read_only(Pointer ioctx, String name, PointerByReference image, String snapName);

    int rbd_open_by_id(Pointer ioctx, String id, PointerByReference image, String snapName);

    int rbd_close(Pointer image);

    /** Fills {@code rbd_image_info_t}: size, obj_size, num_objs (uint64), order (int), block_name_prefix[24]. */
    int rbd_stat(Pointer image, Memory info, long infoSize);

    /** {@code len} in/out; -ERANGE when too short. */
    int rbd_get_name(Pointer image, byte[] name, LongByReference len);

    int rbd_get_id(Pointer image, byte[] id, long len);

    int rbd_get_features(Pointer image, LongByReference features);

    /** {@code struct timespec}: tv_sec, tv_nsec (two longs on LP64). */
    int rbd_get_create_timestamp(Pointer image, Memory timespec);

    int rbd_get_size(Pointer image, LongByReference size);

    /** Returns the bytes read. */
    long rbd_read(Pointer image, long offset, long len, Pointer buf);

    long rbd_read(Pointer image, long offset, long len, byte[] buf);

    /** Returns the bytes written. */
    long rbd_write(Pointer image, long offset, long len, Pointer buf);

    long rbd_write(Pointer image, long offset, long len, byte[] buf);

    /** librbd_progress_fn_t: librbd calls it unconditionally (a NULL one crashes the process), so pass {@link #NO_PROGRESS}. */
    interface Progress extends Callback {
        int invoke(long offset, long total, Pointer data);
    }

    /** Held here for the life of the class, so the native stub is never collected while librbd may call it. */
    Progress NO_PROGRESS = (offset, total, data) -> 0;

    int rbd_resize2(Pointer image, long size, boolean allowShrink, Progress progress, Pointer cbdata);

    int rbd_flush(Pointer image);

    int rbd_flatten(Pointer image);

    int rbd_snap_create(Pointer image, String name);

    int rbd_snap_remove(Pointer image, String name);

    int rbd_snap_protect(Pointer image, String name);

    int rbd_snap_unprotect(Pointer image, String name);

    int rbd_snap_is_protected(Pointer image, String name, IntByReference isProtected);

    /**
     * Fills {@code rbd_snap_info_t[max]} (uint64 id, uint64 size, const char *name: 24 bytes each, plus an end
     * marker); returns the count, or -ERANGE with {@code max} set to what is needed. Freed by rbd_snap_list_end.
     */
    int rbd_snap_list(Pointer image, Memory snaps, IntByReference max);

    void rbd_snap_list_end(Memory snaps);

    int rbd_snap_get_timestamp(Pointer image, long snapId, Memory timespec);

    /** The children of the snapshot the image is opened at: pools and names, NUL-separated, pairwise. */
    long rbd_list_children(Pointer image, byte[] pools, LongByReference poolsLen, byte[] images,
                           LongByReference imagesLen);

    /** -ENOENT when the image is no clone. */
    int rbd_get_parent_info(Pointer image, byte[] pool, long poolLen, byte[] name, long nameLen, byte[] snap,
                            long snapLen);

    int rbd_get_overlap(Pointer image, LongByReference overlap);

    /** A clone with exactly these features; {@code order} in/out (0: the parent's). */
    int rbd_clone(Pointer parentIoctx, String parentName, String parentSnap, Pointer childIoctx, String childName,
                  long features, IntByReference order);
}
