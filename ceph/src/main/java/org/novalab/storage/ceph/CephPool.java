package org.novalab.storage.ceph;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.novalab.storage.Image;
import org.novalab.storage.ImageHasSnapshots;
import org.novalab.storage.ImageImport;
import org.novalab.storage.ImageInfo;
import org.novalab.storage.ImageNotFound;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.ObjectStat;
import org.novalab.storage.Pool;
import org.novalab.storage.StorageException;

/**
 * One pool of a {@link CephCluster}: its io context for the RADOS objects and librbd's pool-level calls for the
 * images. Images are format 2 with the layering feature only, as the emulated pool makes them (and Glance did
 * before {@code rbd_default_features} grew): no object map or exclusive lock, so {@code rados ls} shows the data
 * objects, {@code rbd_header.<id>}, {@code rbd_id.<name>}, {@code rbd_directory} and {@code rbd_info} alone.
 */
final class CephPool implements Pool {
    private final CephCluster cluster;
    private final String name;
    private final Pointer ioctx;
    private final Librados rados = NativeCeph.rados();
    private final Librbd rbd = NativeCeph.rbd();

    CephPool(CephCluster cluster, String name, Pointer ioctx) {
        this.cluster = cluster;
        this.name = name;
        this.ioctx = ioctx;
    }

    Pointer ioctx() {
        return ioctx;
    }

    CephCluster cluster() {
        return cluster;
    }

    void destroy() {
        rados.rados_ioctx_destroy(ioctx);
    }

    @Override
    public String name() {
        return name;
    }

    // ---- objects ----

    @Override
    public List<String> listObjects() {
        PointerByReference ctx = new PointerByReference();
        CephErrors.check(rados.rados_nobjects_list_open(ioctx, ctx), "error listing pool " + name);
        List<String> names = new ArrayList<>();
        try {
            PointerByReference entry = new PointerByReference();
            while (true) {
                int rc = rados.rados_nobjects_list_next(ctx.getValue(), entry, null, null);
                if (rc == -CephErrors.ENOENT) {
                    break;
                }
                CephErrors.check(rc, "error listing pool " + name);
                names.add(entry.getValue().getString(0, "UTF-8"));
            }
        } finally {
            rados.rados_nobjects_list_close(ctx.getValue());
        }
        names.sort(null);
        return names;
    }

    @Override
    public ObjectStat stat(String object) {
        LongByReference size = new LongByReference();
        LongByReference mtime = new LongByReference();
        CephErrors.checkObject(rados.rados_stat(ioctx, object, size, mtime), name, object);
        return new ObjectStat(name, object, size.getValue(), Instant.ofEpochSecond(mtime.getValue()));
    }

    @Override
    public byte[] read(String object) {
        byte[] data = new byte[Math.toIntExact(stat(object).size())];
        int done = 0;
        while (done < data.length) {
            byte[] chunk = done == 0 ? data : new byte[data.length - done];
            int n = (int) CephErrors.checkObject(rados.rados_read(ioctx, object, chunk, chunk.length, done), name,
                    object);
            if (n == 0) {
                break;    // the object shrank since the stat
            }
            if (chunk != data) {
                System.arraycopy(chunk, 0, data, done, n);
            }
            done += n;
        }
        return done == data.length ? data : java.util.Arrays.copyOf(data, done);
    }

    @Override
    public void writeFull(String object, InputStream data) {
        try {
            writeFull(object, data.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data for " + name + "/" + object, e);
        }
    }

    @Override
    public void writeFull(String object, byte[] data) {
        CephErrors.checkObject(rados.rados_write_full(ioctx, object, data, data.length), name, object);
    }

    @Override
    public void removeObject(String object) {
        CephErrors.checkObject(rados.rados_remove(ioctx, object), name, object);
    }

    // ---- images ----

    String spec(String image) {
        return name + "/" + image;
    }

    @Override
    public void create(String image, long size, int order) {
        if (order < 12 || order > 25) {
            throw new InvalidArgument("order must be between 12 (4 KiB objects) and 25 (32 MiB), got " + order);
        }
        if (size < 0) {
            throw new InvalidArgument("image size must not be negative, got " + size);
        }
        CephErrors.checkImage(rbd.rbd_create2(ioctx, image, size, ImageInfo.FEATURE_LAYERING,
                new IntByReference(order)), "rbd image " + spec(image));
    }

    @Override
    public ImageImport importImage(String image, int order) {
        create(image, 0, order);
        return new CephImageImport(this, (CephImage) open(image));
    }

    @Override
    public List<String> list() {
        byte[] buf = new byte[4096];
        LongByReference size = new LongByReference(buf.length);
        while (true) {
            int rc = rbd.rbd_list(ioctx, buf, size);
            if (rc == -CephErrors.ERANGE) {
                buf = new byte[(int) size.getValue()];
                continue;
            }
            CephErrors.check(rc, "error listing images in " + name);
            return NulStrings.split(buf, (int) size.getValue()).stream().sorted().toList();
        }
    }

    @Override
    public void remove(String image) {
        int rc = rbd.rbd_remove(ioctx, image);
        if (rc == -CephErrors.ENOTEMPTY) {
            throw new ImageHasSnapshots("rbd image " + spec(image) + " has snapshots - these must be deleted with "
                    + "'rbd snap purge' before the image can be removed.");
        }
        if (rc == -CephErrors.EBUSY) {
            throw new org.novalab.storage.ImageBusy("rbd image " + spec(image)
                    + " still has watchers (it is open, or a client crashed less than 30 s ago)");
        }
        CephErrors.checkImage(rc, "rbd image " + spec(image));
    }

    @Override
    public void clone(String parent, String snapshot, Pool childPool, String child) {
        // another connection to the same cluster is fine (glance-api and nova-compute each have their own)
        if (!(childPool instanceof CephPool target) || !target.cluster.fsid().equals(cluster.fsid())) {
            throw new InvalidArgument("cannot clone " + spec(parent) + "@" + snapshot + " into " + childPool
                    + ": clones stay within one cluster");
        }
        int order;
        try (CephImage snap = (CephImage) open(parent, snapshot)) {
            if (!snap.isProtectedSnap(snapshot)) {
                throw new InvalidArgument("cannot clone " + spec(parent) + "@" + snapshot
                        + ": parent snapshot must be protected");
            }
            order = snap.stat().order();
        }
        // The parent's object size, as the emulation keeps it: librbd's order 0 here would mean its default (4 MiB).
        CephErrors.checkImage(rbd.rbd_clone(ioctx, parent, snapshot, target.ioctx, child,
                ImageInfo.FEATURE_LAYERING, new IntByReference(order)), "rbd clone " + spec(parent) + "@" + snapshot
                + " to " + target.spec(child));
    }

    @Override
    public Image open(String image) {
        PointerByReference ref = new PointerByReference();
        int rc = rbd.rbd_open(ioctx, image, ref, null);
        if (rc == -CephErrors.ENOENT) {
            throw new ImageNotFound("rbd image " + spec(image) + ": No such file or directory");
        }
        CephErrors.checkImage(rc, "rbd image " + spec(image));
        return new CephImage(this, image, null, ref.getValue());
    }

    @Override
    public Image openById(String id) {
        PointerByReference ref = new PointerByReference();
        int rc = rbd.rbd_open_by_id(ioctx, id, ref, null);
        if (rc == -CephErrors.ENOENT) {
            throw new ImageNotFound("rbd image id " + name + "/" + id + ": No such file or directory");
        }
        CephErrors.checkImage(rc, "rbd image id " + name + "/" + id);
        byte[] buf = new byte[256];
        LongByReference len = new LongByReference(buf.length);
        int named = rbd.rbd_get_name(ref.getValue(), buf, len);
        if (named < 0) {
            rbd.rbd_close(ref.getValue());
            CephErrors.checkImage(named, "rbd image id " + name + "/" + id);
        }
        return new CephImage(this, NulStrings.first(buf), null, ref.getValue());
    }

    @Override
    public Image open(String image, String snapshot) {
        PointerByReference ref = new PointerByReference();
        int rc = rbd.rbd_open_read_only(ioctx, image, ref, snapshot);
        if (rc == -CephErrors.ENOENT) {
            throw new ImageNotFound("snapshot " + spec(image) + "@" + snapshot + ": No such file or directory");
        }
        CephErrors.checkImage(rc, "rbd image " + spec(image) + "@" + snapshot);
        return new CephImage(this, image, snapshot, ref.getValue());
    }

    @Override
    public boolean exists(String image) {
        return list().contains(image);
    }

    @Override
    public String toString() {
        return "pool " + name + " of " + cluster;
    }
}
