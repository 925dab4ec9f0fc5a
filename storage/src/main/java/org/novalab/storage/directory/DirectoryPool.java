package org.novalab.storage.directory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.novalab.storage.Image;
import org.novalab.storage.ImageExists;
import org.novalab.storage.ImageHasSnapshots;
import org.novalab.storage.ImageImport;
import org.novalab.storage.ImageInfo;
import org.novalab.storage.ImageNotFound;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.ObjectStat;
import org.novalab.storage.ParentInfo;
import org.novalab.storage.Pool;
import org.novalab.storage.StorageException;
import org.novalab.storage.directory.RbdHeader.ChildLink;
import org.novalab.storage.directory.RbdHeader.ParentLink;
import org.novalab.storage.directory.RbdHeader.SnapRecord;

/**
 * One pool of a {@link DirectoryCluster}: a directory with one file per object ({@link ObjectFiles}) and the RBD
 * images kept in them: {@code rbd_data.<id>.<%016x>} objects of 2^order bytes (all-zero objects are not stored),
 * {@code rbd_header.<id>}, {@code rbd_id.<name>} holding the id, and {@code rbd_directory}. Metadata updates run
 * under the pool's {@link PoolLock}.
 */
final class DirectoryPool implements Pool {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DirectoryCluster cluster;
    private final String name;
    private final ObjectFiles files;
    private final PoolLock lock;
    private final RbdDirectory directory;

    DirectoryPool(DirectoryCluster cluster, String name, Path dir) {
        this.cluster = cluster;
        this.name = name;
        this.files = new ObjectFiles(dir, name);
        this.lock = new PoolLock(dir, name);
        this.directory = new RbdDirectory(files, name);
    }

    @Override
    public String name() {
        return name;
    }

    Path dir() {
        return files.dir();
    }

    DirectoryCluster cluster() {
        return cluster;
    }

    ObjectFiles files() {
        return files;
    }

    PoolLock lock() {
        return lock;
    }

    // ---- objects ----

    @Override
    public List<String> listObjects() {
        return files.list();
    }

    @Override
    public ObjectStat stat(String object) {
        return files.stat(object);
    }

    @Override
    public byte[] read(String object) {
        return files.read(object);
    }

    @Override
    public void writeFull(String object, InputStream data) {
        files.put(object, data);
    }

    @Override
    public void writeFull(String object, byte[] data) {
        files.put(object, data, 0, data.length);
    }

    @Override
    public void removeObject(String object) {
        files.remove(object);
    }

    // ---- images ----

    @Override
    public void create(String imageName, long size, int order) {
        createImage(imageName, size, order, null);
    }

    /** Creates the header, id and directory entry of a new image with a fresh 12-hex-digit id; returns the id. */
    String createImage(String imageName, long size, int order, ParentLink parent) {
        if (order < 12 || order > 25) {
            throw new InvalidArgument("order must be between 12 (4 KiB objects) and 25 (32 MiB), got " + order);
        }
        if (size < 0) {
            throw new InvalidArgument("image size must not be negative, got " + size);
        }
        String idObject = "rbd_id." + imageName;
        files.path(idObject);
        return lock.call(() -> {
            Map<String, String> names = directory.read();
            if (names.containsKey(imageName)) {
                throw new ImageExists("rbd image " + name + "/" + imageName + " already exists");
            }
            String id;
            do {
                byte[] random = new byte[6];
                RANDOM.nextBytes(random);
                id = HexFormat.of().formatHex(random);
            } while (names.containsValue(id));
            writeHeader(id, RbdHeader.create(size, order, "rbd_data." + id, ImageInfo.FEATURE_LAYERING,
                    Instant.now().getEpochSecond()).withParent(parent));
            byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
            files.put(idObject, idBytes, 0, idBytes.length);
            names.put(imageName, id);
            directory.write(names);
            return id;
        });
    }

    @Override
    public ImageImport importImage(String imageName, int order) {
        create(imageName, 0, order);
        String id = idOf(imageName);
        return new DirectoryImageImport(this, info(imageName, readHeader(id), 0));
    }

    @Override
    public List<String> list() {
        return directory.read().entrySet().stream().filter(e -> files.exists("rbd_header." + e.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public boolean exists(String imageName) {
        String id = directory.read().get(imageName);
        return id != null && files.exists("rbd_header." + id);
    }

    /**
     * Removes the image's data objects, header, id object and directory entry, then (for a clone) its entry among
     * the parent snapshot's children: removed in that order, a crash in between leaves a child entry that names no
     * image rather than an image whose parent snapshot could be removed under it.
     */
    @Override
    public void remove(String imageName) {
        String id = idOf(imageName);
        RbdHeader removed = lock.call(() -> {
            RbdHeader header = readHeader(id);
            if (!header.snapshots().isEmpty()) {
                throw new ImageHasSnapshots("rbd image " + name + "/" + imageName + " has snapshots - these must be "
                        + "removed (rbd snap unprotect, rbd snap rm) before the image can be removed");
            }
            for (String object : files.list()) {
                if (object.startsWith(header.objectPrefix() + ".")) {
                    files.removeIfExists(object);
                }
            }
            files.removeIfExists("rbd_header." + id);
            files.removeIfExists("rbd_id." + imageName);
            Map<String, String> names = directory.read();
            names.remove(imageName);
            directory.write(names);
            return header;
        });
        ParentLink parent = removed.parent();
        if (parent != null && cluster.poolExists(parent.pool())) {
            cluster.directoryPool(parent.pool()).snapshotsOf(parent.imageId())
                    .detach(parent.snapId(), new ChildLink(name, id));
        }
    }

    /**
     * The child gets a header naming the parent snapshot and its size as overlap, and no object; the snapshot then
     * records the child, checked again under the parent pool's lock, so an unprotect that ran in between wins and
     * the child is removed again. The two pools' locks are never held together.
     */
    @Override
    public void clone(String parent, String snapshot, Pool childPool, String child) {
        if (!(childPool instanceof DirectoryPool target) || !target.cluster().holds(this) || !cluster.holds(target)) {
            throw new InvalidArgument("cannot clone " + name + "/" + parent + "@" + snapshot + " into " + childPool
                    + ": clones stay within one cluster");
        }
        String parentId = idOf(parent);
        RbdHeader header = readHeader(parentId);
        Snapshots snapshots = snapshotsOf(parentId);
        SnapRecord snap = snapshots.find(header, snapshot);
        snapshots.requireProtected(snap);
        String childId = target.createImage(child, snap.size(), header.order(),
                new ParentLink(name, parentId, snap.id(), snap.size()));
        try {
            snapshots.attach(snap.id(), new ChildLink(target.name(), childId));
        } catch (RuntimeException e) {
            target.remove(child);
            throw e;
        }
    }

    @Override
    public Image open(String imageName) {
        String id = idOf(imageName);
        return new DirectoryImage(this, imageName, id, readHeader(id), null);
    }

    @Override
    public Image openById(String id) {
        return directory.read().entrySet().stream().filter(e -> e.getValue().equals(id)).findFirst()
                .map(e -> open(e.getKey()))
                .orElseThrow(() -> new ImageNotFound("rbd image id " + name + "/" + id
                        + ": No such file or directory"));
    }

    @Override
    public Image open(String imageName, String snapshot) {
        String id = idOf(imageName);
        RbdHeader header = readHeader(id);
        return new DirectoryImage(this, imageName, id, header, snapshotsOf(id).find(header, snapshot));
    }

    String idOf(String imageName) {
        String id = directory.read().get(imageName);
        if (id == null || !files.exists("rbd_header." + id)) {
            throw new ImageNotFound("rbd image " + name + "/" + imageName + ": No such file or directory");
        }
        return id;
    }

    Snapshots snapshotsOf(String imageId) {
        return new Snapshots(this, nameOf(imageId), imageId);
    }

    RbdHeader readHeader(String id) {
        try {
            return HeaderCodec.decode(files.read("rbd_header." + id));
        } catch (IOException e) {
            throw new StorageException("corrupt header rbd_header." + id + " in pool " + name + ": " + e.getMessage(),
                    e);
        }
    }

    void writeHeader(String id, RbdHeader header) {
        try {
            byte[] bytes = HeaderCodec.encode(header);
            files.put("rbd_header." + id, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new StorageException("cannot write rbd_header." + id + " in pool " + name + ": " + e.getMessage(),
                    e);
        }
    }

    ImageInfo info(String imageName, RbdHeader header, long size) {
        return new ImageInfo(name, imageName, header.id(), size, header.order(), header.objectPrefix(),
                header.features(), header.createTimestamp());
    }

    /** What a reader of the image sees: its head ({@code snap} null) or a snapshot, with the parent chain. */
    ImageView view(RbdHeader header, SnapRecord snap) {
        long size = snap == null ? header.size() : snap.size();
        long snapId = snap == null ? ImageView.HEAD : snap.id();
        ParentLink parent = header.parent();
        if (parent == null) {
            return new ImageView(files.dir(), header.objectPrefix(), header.order(), size, snapId, null, 0);
        }
        long overlap = snap == null ? parent.overlap() : snap.overlap();
        return new ImageView(files.dir(), header.objectPrefix(), header.order(), size, snapId,
                cluster.parentView(parent), overlap);
    }

    ImageView snapshotView(String imageId, long snapId) {
        RbdHeader header = readHeader(imageId);
        SnapRecord snap = header.snapshot(snapId).orElseThrow(() -> new StorageException("snapshot " + snapId
                + " of image id " + name + "/" + imageId + " is missing: a clone of it cannot be read"));
        return view(header, snap);
    }

    ParentInfo describeParent(ParentLink link, long overlap) {
        String snap = files.exists("rbd_header." + link.imageId())
                ? readHeader(link.imageId()).snapshot(link.snapId()).map(SnapRecord::name)
                        .orElse(String.valueOf(link.snapId()))
                : String.valueOf(link.snapId());
        return new ParentInfo(name, nameOf(link.imageId()), snap, overlap);
    }

    /** The name of the image with that id, or the id itself when there is none. */
    String nameOf(String imageId) {
        return directory.read().entrySet().stream().filter(e -> e.getValue().equals(imageId))
                .map(Map.Entry::getKey).findFirst().orElse(imageId);
    }

    @Override
    public String toString() {
        return "pool " + name + " (" + files.dir() + ")";
    }
}
