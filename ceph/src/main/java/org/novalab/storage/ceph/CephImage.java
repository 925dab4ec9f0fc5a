package org.novalab.storage.ceph;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.storage.Image;
import org.novalab.storage.ImageBusy;
import org.novalab.storage.ImageInfo;
import org.novalab.storage.ImageSpec;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.ParentInfo;
import org.novalab.storage.ReadOnlyImage;
import org.novalab.storage.SnapInfo;
import org.novalab.storage.StorageException;

/** An open librbd image ({@code rbd_image_t}), at its head or (read-only) at a snapshot. */
final class CephImage implements Image {
    /** sizeof(rbd_image_info_t) on LP64 is 160; librbd checks only that it is not smaller. */
    private static final int IMAGE_INFO_SIZE = 160;
    private static final int BLOCK_NAME_PREFIX_OFFSET = 28;
    private static final int BLOCK_NAME_PREFIX_SIZE = 24;
    /** sizeof(rbd_snap_info_t): uint64 id, uint64 size, const char *name. */
    private static final int SNAP_INFO_SIZE = 24;

    private final CephPool pool;
    private final String name;
    private final String snapshot;
    private final Librbd rbd = NativeCeph.rbd();
    private Pointer handle;

    CephImage(CephPool pool, String name, String snapshot, Pointer handle) {
        this.pool = pool;
        this.name = name;
        this.snapshot = snapshot;
        this.handle = handle;
        pool.cluster().opened(this);
    }

    private String spec() {
        return pool.spec(name) + (snapshot == null ? "" : "@" + snapshot);
    }

    private String snapSpec(String snap) {
        return pool.spec(name) + "@" + snap;
    }

    private synchronized Pointer handle() {
        if (handle == null) {
            throw new StorageException("rbd image " + spec() + " is closed");
        }
        return handle;
    }

    private void requireWritable() {
        if (snapshot != null) {
            throw new ReadOnlyImage("rbd image " + spec() + " is opened at a snapshot: Read-only file system");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ImageInfo stat() {
        Pointer h = handle();
        Memory info = new Memory(IMAGE_INFO_SIZE);
        info.clear();
        CephErrors.checkImage(rbd.rbd_stat(h, info, IMAGE_INFO_SIZE), "rbd image " + spec());
        long size = info.getLong(0);
        int order = info.getInt(24);
        String prefix = info.getString(BLOCK_NAME_PREFIX_OFFSET, "US-ASCII");
        if (prefix.length() >= BLOCK_NAME_PREFIX_SIZE) {
            prefix = prefix.substring(0, BLOCK_NAME_PREFIX_SIZE - 1);
        }
        byte[] id = new byte[64];
        CephErrors.checkImage(rbd.rbd_get_id(h, id, id.length), "rbd image " + spec());
        LongByReference features = new LongByReference();
        CephErrors.checkImage(rbd.rbd_get_features(h, features), "rbd image " + spec());
        Memory ts = new Memory(16);
        CephErrors.checkImage(rbd.rbd_get_create_timestamp(h, ts), "rbd image " + spec());
        return new ImageInfo(pool.name(), name, NulStrings.first(id), size, order, prefix, features.getValue(),
                ts.getLong(0));
    }

    @Override
    public long size() {
        LongByReference size = new LongByReference();
        CephErrors.checkImage(rbd.rbd_get_size(handle(), size), "rbd image " + spec());
        return size.getValue();
    }

    @Override
    public Optional<String> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    @Override
    public Optional<ParentInfo> parentInfo() {
        byte[] parentPool = new byte[256];
        byte[] parentName = new byte[256];
        byte[] parentSnap = new byte[256];
        int rc = rbd.rbd_get_parent_info(handle(), parentPool, parentPool.length, parentName, parentName.length,
                parentSnap, parentSnap.length);
        if (rc == -CephErrors.ENOENT) {
            return Optional.empty();
        }
        CephErrors.checkImage(rc, "rbd image " + spec());
        LongByReference overlap = new LongByReference();
        CephErrors.checkImage(rbd.rbd_get_overlap(handle(), overlap), "rbd image " + spec());
        return Optional.of(new ParentInfo(NulStrings.first(parentPool), NulStrings.first(parentName),
                NulStrings.first(parentSnap), overlap.getValue()));
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
        long size = size();
        if (offset < 0) {
            throw new InvalidArgument("cannot read " + spec() + " at a negative offset " + offset);
        }
        if (offset >= size || !dst.hasRemaining()) {
            return 0;
        }
        int length = (int) Math.min(dst.remaining(), size - offset);
        long n;
        if (dst.isDirect()) {
            n = rbd.rbd_read(handle(), offset, length, Native.getDirectBufferPointer(dst).share(dst.position()));
            CephErrors.checkImage(n, "cannot read " + spec());
            dst.position(dst.position() + (int) n);
        } else {
            byte[] buf = dst.hasArray() && dst.arrayOffset() + dst.position() == 0 && dst.remaining() >= length
                    ? dst.array() : new byte[length];
            n = CephErrors.checkImage(rbd.rbd_read(handle(), offset, length, buf), "cannot read " + spec());
            if (buf == dst.array() && dst.hasArray()) {
                dst.position(dst.position() + (int) n);
            } else {
                dst.put(buf, 0, (int) n);
            }
        }
        return (int) n;
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        requireWritable();
        int length = src.remaining();
        long size = size();
        if (offset < 0 || offset + length > size) {
            throw new InvalidArgument("cannot write " + length + " bytes at offset " + offset + " of rbd image "
                    + spec() + " (" + size + " bytes)");
        }
        long n;
        if (src.isDirect()) {
            n = rbd.rbd_write(handle(), offset, length, Native.getDirectBufferPointer(src).share(src.position()));
        } else {
            byte[] buf = new byte[length];
            src.duplicate().get(buf);
            n = rbd.rbd_write(handle(), offset, length, buf);
        }
        CephErrors.checkImage(n, "cannot write to " + spec());
        if (n != length) {
            throw new StorageException("short write to " + spec() + ": " + n + " of " + length + " bytes");
        }
        src.position(src.position() + length);
    }

    @Override
    public void resize(long size) {
        requireWritable();
        long current = size();
        if (size < current) {
            throw new InvalidArgument("cannot shrink rbd image " + spec() + " from " + current + " to " + size
                    + " bytes (allow shrinking to drop data)");
        }
        resize(size, false);
    }

    @Override
    public void resize(long size, boolean allowShrink) {
        requireWritable();
        if (size < 0) {
            throw new InvalidArgument("image size must not be negative, got " + size);
        }
        CephErrors.checkImage(rbd.rbd_resize2(handle(), size, allowShrink, Librbd.NO_PROGRESS, null), "cannot resize " + spec());
    }

    @Override
    public void createSnap(String snap) {
        requireWritable();
        CephErrors.checkImage(rbd.rbd_snap_create(handle(), snap), "snapshot " + snapSpec(snap));
    }

    @Override
    public void removeSnap(String snap) {
        int rc = rbd.rbd_snap_remove(handle(), snap);
        if (rc == -CephErrors.EBUSY) {
            throw new ImageBusy("snapshot " + snapSpec(snap) + " is protected from removal (rbd snap unprotect)");
        }
        CephErrors.checkImage(rc, "snapshot " + snapSpec(snap));
    }

    @Override
    public void protectSnap(String snap) {
        int rc = rbd.rbd_snap_protect(handle(), snap);
        if (rc == -CephErrors.EBUSY) {
            throw new ImageBusy("snapshot " + snapSpec(snap) + " is already protected");
        }
        CephErrors.checkImage(rc, "snapshot " + snapSpec(snap));
    }

    @Override
    public void unprotectSnap(String snap) {
        int rc = rbd.rbd_snap_unprotect(handle(), snap);
        if (rc == -CephErrors.EBUSY) {
            throw new ImageBusy(childrenRefusal(snap));
        }
        if (rc == -CephErrors.EINVAL) {
            throw new InvalidArgument("snapshot " + snapSpec(snap) + " is already unprotected");
        }
        CephErrors.checkImage(rc, "snapshot " + snapSpec(snap));
    }

    /** The rbd tool's words, naming the ids of the children in the first pool that has some. */
    private String childrenRefusal(String snap) {
        Map<String, List<String>> byPool = new LinkedHashMap<>();
        for (ImageSpec child : listChildren(snap)) {
            CephPool childPool = (CephPool) pool.cluster().openPool(child.pool());
            try (var image = childPool.open(child.image())) {
                byPool.computeIfAbsent(child.pool(), p -> new ArrayList<>()).add(image.stat().id());
            }
        }
        if (byPool.isEmpty()) {
            return "snapshot " + snapSpec(snap) + " is busy";
        }
        Map.Entry<String, List<String>> first = byPool.entrySet().iterator().next();
        return "cannot unprotect: at least " + first.getValue().size() + " child(ren) ["
                + String.join(",", first.getValue()) + "] in pool '" + first.getKey() + "'";
    }

    @Override
    public boolean isProtectedSnap(String snap) {
        IntByReference result = new IntByReference();
        CephErrors.checkImage(rbd.rbd_snap_is_protected(handle(), snap, result), "snapshot " + snapSpec(snap));
        return result.getValue() != 0;
    }

    @Override
    public List<SnapInfo> listSnaps() {
        Pointer h = handle();
        int max = 16;
        while (true) {
            Memory snaps = new Memory((long) SNAP_INFO_SIZE * max);
            snaps.clear();
            IntByReference count = new IntByReference(max);
            int rc = rbd.rbd_snap_list(h, snaps, count);
            if (rc == -CephErrors.ERANGE) {
                max = Math.max(count.getValue(), max * 2);
                continue;
            }
            CephErrors.checkImage(rc, "rbd image " + spec());
            try {
                List<SnapInfo> result = new ArrayList<>(rc);
                for (int i = 0; i < rc; i++) {
                    long base = (long) i * SNAP_INFO_SIZE;
                    long id = snaps.getLong(base);
                    long size = snaps.getLong(base + 8);
                    String snapName = snaps.getPointer(base + 16).getString(0, "UTF-8");
                    Memory ts = new Memory(16);
                    CephErrors.checkImage(rbd.rbd_snap_get_timestamp(h, id, ts), "snapshot " + snapSpec(snapName));
                    result.add(new SnapInfo(id, snapName, size, Instant.ofEpochSecond(ts.getLong(0), ts.getLong(8)),
                            isProtectedSnap(snapName)));
                }
                result.sort(Comparator.comparingLong(SnapInfo::id));
                return result;
            } finally {
                rbd.rbd_snap_list_end(snaps);
            }
        }
    }

    @Override
    public List<ImageSpec> listChildren(String snap) {
        try (CephImage at = (CephImage) pool.open(name, snap)) {
            byte[] pools = new byte[1024];
            byte[] images = new byte[1024];
            while (true) {
                LongByReference poolsLen = new LongByReference(pools.length);
                LongByReference imagesLen = new LongByReference(images.length);
                long rc = rbd.rbd_list_children(at.handle(), pools, poolsLen, images, imagesLen);
                if (rc == -CephErrors.ERANGE) {
                    pools = new byte[(int) Math.max(poolsLen.getValue(), pools.length * 2L)];
                    images = new byte[(int) Math.max(imagesLen.getValue(), images.length * 2L)];
                    continue;
                }
                CephErrors.checkImage(rc, "snapshot " + snapSpec(snap));
                List<String> poolNames = NulStrings.split(pools, (int) poolsLen.getValue());
                List<String> imageNames = NulStrings.split(images, (int) imagesLen.getValue());
                List<ImageSpec> children = new ArrayList<>();
                for (int i = 0; i < Math.min(poolNames.size(), imageNames.size()); i++) {
                    children.add(new ImageSpec(poolNames.get(i), imageNames.get(i)));
                }
                children.sort(Comparator.comparing(ImageSpec::toString));
                return children;
            }
        }
    }

    @Override
    public InputStream openStream() {
        PointerByReference ref = new PointerByReference();
        CephErrors.checkImage(NativeCeph.rbd().rbd_open_read_only(pool.ioctx(), name, ref, snapshot),
                "rbd image " + spec());
        CephImage reader = new CephImage(pool, name, snapshot, ref.getValue());
        return new CephImageStream(reader, reader.stat().objectSize());
    }

    @Override
    public void flush() {
        if (snapshot == null) {
            CephErrors.checkImage(rbd.rbd_flush(handle()), "cannot flush " + spec());
        }
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            int rc = rbd.rbd_close(handle);
            handle = null;
            pool.cluster().closed(this);
            CephErrors.checkImage(rc, "cannot close " + spec());
        }
    }

    @Override
    public String toString() {
        return "rbd image " + spec();
    }
}
