package org.novalab.storage.directory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.novalab.storage.ImageBusy;
import org.novalab.storage.ImageExists;
import org.novalab.storage.ImageNotFound;
import org.novalab.storage.ImageSpec;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.SnapInfo;
import org.novalab.storage.directory.RbdHeader.ChildLink;
import org.novalab.storage.directory.RbdHeader.SnapRecord;

/**
 * The snapshots of one image: taken by keeping its objects ({@link SnapshotObjects}), protected before clones are
 * made from them, and refusing, as Ceph does, to remove a protected snapshot or to unprotect one with children.
 * Every change rereads the header under the pool's lock.
 */
final class Snapshots {
    private static final Pattern SNAP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");
    private final DirectoryPool pool;
    private final String image;
    private final String id;

    Snapshots(DirectoryPool pool, String image, String id) {
        this.pool = pool;
        this.image = image;
        this.id = id;
    }

    void create(String snap) {
        if (snap == null || !SNAP_NAME.matcher(snap).matches()) {
            throw new InvalidArgument("invalid snapshot name '" + snap + "'");
        }
        pool.lock().run(() -> {
            RbdHeader header = pool.readHeader(id);
            if (header.snapshot(snap).isPresent()) {
                throw new ImageExists("snapshot " + spec(snap) + " already exists");
            }
            RbdHeader next = header.withNewSnapshot(snap, Instant.now().getEpochSecond());
            long objects = (header.size() + header.objectSize() - 1) / header.objectSize();
            // objects first: a header never names a snapshot whose objects are not kept yet
            SnapshotObjects.keep(pool.files(), header.objectPrefix(), objects, next.snapSeq());
            pool.writeHeader(id, next);
        });
    }

    void remove(String snap) {
        pool.lock().run(() -> {
            RbdHeader header = pool.readHeader(id);
            SnapRecord s = find(header, snap);
            if (s.isProtected()) {
                throw new ImageBusy("snapshot " + spec(snap) + " is protected from removal (rbd snap unprotect)");
            }
            // header first: what it no longer names can go
            pool.writeHeader(id, header.withoutSnapshot(s.id()));
            SnapshotObjects.drop(pool.files(), header.objectPrefix(), s.id());
        });
    }

    void protect(String snap) {
        pool.lock().run(() -> {
            RbdHeader header = pool.readHeader(id);
            SnapRecord s = find(header, snap);
            if (s.isProtected()) {
                throw new ImageBusy("snapshot " + spec(snap) + " is already protected");
            }
            pool.writeHeader(id, header.withSnapshot(s.withProtected(true)));
        });
    }

    void unprotect(String snap) {
        pool.lock().run(() -> {
            RbdHeader header = pool.readHeader(id);
            SnapRecord s = find(header, snap);
            if (!s.isProtected()) {
                throw new InvalidArgument("snapshot " + spec(snap) + " is already unprotected");
            }
            if (!s.children().isEmpty()) {
                throw new ImageBusy(childrenRefusal(s.children()));
            }
            pool.writeHeader(id, header.withSnapshot(s.withProtected(false)));
        });
    }

    /** librbd's words, naming the children of the first pool that has some. */
    private static String childrenRefusal(List<ChildLink> children) {
        Map<String, List<String>> byPool = new LinkedHashMap<>();
        for (ChildLink c : children) {
            byPool.computeIfAbsent(c.pool(), p -> new ArrayList<>()).add(c.imageId());
        }
        Map.Entry<String, List<String>> first = byPool.entrySet().iterator().next();
        return "cannot unprotect: at least " + first.getValue().size() + " child(ren) ["
                + String.join(",", first.getValue()) + "] in pool '" + first.getKey() + "'";
    }

    boolean isProtected(String snap) {
        return find(pool.readHeader(id), snap).isProtected();
    }

    List<SnapInfo> list() {
        return pool.readHeader(id).snapshots().stream().map(s -> new SnapInfo(s.id(), s.name(), s.size(),
                Instant.ofEpochSecond(s.timestamp()), s.isProtected())).toList();
    }

    List<ImageSpec> children(String snap) {
        return find(pool.readHeader(id), snap).children().stream()
                .map(c -> new ImageSpec(c.pool(), pool.cluster().poolExists(c.pool())
                        ? pool.cluster().directoryPool(c.pool()).nameOf(c.imageId()) : c.imageId()))
                .toList();
    }

    /** Records a clone made from the snapshot, which must (still) be protected. */
    void attach(long snapId, ChildLink child) {
        pool.lock().run(() -> {
            RbdHeader header = pool.readHeader(id);
            SnapRecord s = header.snapshot(snapId).orElseThrow(
                    () -> new ImageNotFound("snapshot " + snapId + " of " + pool.name() + "/" + image + " is gone"));
            requireProtected(s);
            pool.writeHeader(id, header.withSnapshot(s.withChild(child)));
        });
    }

    /** Forgets a clone that was removed; nothing to do when the snapshot (or its image) is gone. */
    void detach(long snapId, ChildLink child) {
        pool.lock().run(() -> {
            if (!pool.files().exists("rbd_header." + id)) {
                return;
            }
            RbdHeader header = pool.readHeader(id);
            header.snapshot(snapId).ifPresent(s -> pool.writeHeader(id, header.withSnapshot(s.withoutChild(child))));
        });
    }

    void requireProtected(SnapRecord snap) {
        if (!snap.isProtected()) {
            throw new InvalidArgument("cannot clone " + spec(snap.name()) + ": parent snapshot must be protected "
                    + "(rbd snap protect)");
        }
    }

    SnapRecord find(RbdHeader header, String snap) {
        return header.snapshot(snap).orElseThrow(
                () -> new ImageNotFound("snapshot " + spec(snap) + ": No such file or directory"));
    }

    private String spec(String snap) {
        return pool.name() + "/" + image + "@" + snap;
    }
}
