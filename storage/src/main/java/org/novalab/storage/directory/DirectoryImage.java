package org.novalab.storage.directory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.novalab.storage.Image;
import org.novalab.storage.ImageInfo;
import org.novalab.storage.ImageSpec;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.ParentInfo;
import org.novalab.storage.ReadOnlyImage;
import org.novalab.storage.SnapInfo;
import org.novalab.storage.StorageException;
import org.novalab.storage.directory.RbdHeader.ParentLink;
import org.novalab.storage.directory.RbdHeader.SnapRecord;

/**
 * An open image of a {@link DirectoryPool}. Reads go through its {@link ImageView} (resolved at open, parent chain
 * included); a write replaces whole objects atomically, copying a clone's object up from the parent first when
 * only part of it is written, so a parent and its snapshots never see a child's write. Holds no file between
 * calls.
 */
final class DirectoryImage implements Image {
    private final DirectoryPool pool;
    private final String name;
    private final String id;
    private final SnapRecord snapshot;
    private final Snapshots snapshots;
    private volatile RbdHeader header;
    private volatile ImageView view;

    /** @param snapshot the snapshot to see, or null for the head */
    DirectoryImage(DirectoryPool pool, String name, String id, RbdHeader header, SnapRecord snapshot) {
        this.pool = pool;
        this.name = name;
        this.id = id;
        this.snapshot = snapshot;
        this.snapshots = new Snapshots(pool, name, id);
        this.header = header;
        this.view = pool.view(header, snapshot);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ImageInfo stat() {
        return pool.info(name, header, view.size());
    }

    @Override
    public long size() {
        return view.size();
    }

    @Override
    public Optional<String> snapshot() {
        return Optional.ofNullable(snapshot).map(SnapRecord::name);
    }

    @Override
    public Optional<ParentInfo> parentInfo() {
        ParentLink parent = header.parent();
        return parent == null ? Optional.empty() : pool.cluster().parentInfo(parent, view.overlap());
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
        try (ViewReader reader = new ViewReader(view)) {
            return reader.read(offset, dst);
        } catch (IOException e) {
            throw new StorageException("cannot read " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        writable();
        if (offset < 0 || offset + src.remaining() > view.size()) {
            throw new InvalidArgument("cannot write " + src.remaining() + " bytes at offset " + offset + " of " + this
                    + ": past the image's end");
        }
        int objectSize = view.objectSize();
        try (ViewReader reader = new ViewReader(view)) {
            while (src.hasRemaining()) {
                long objectNumber = offset >>> view.order();
                int inObject = (int) (offset & (objectSize - 1));
                int n = Math.min(src.remaining(), objectSize - inObject);
                long objectEnd = Math.min(objectSize, view.size() - (objectNumber << view.order()));
                byte[] object;
                if (inObject == 0 && n == objectEnd) {
                    object = new byte[n];
                } else {
                    byte[] current = reader.objectContent(objectNumber);
                    object = Arrays.copyOf(current, Math.max(current.length, inObject + n));
                }
                src.get(object, inObject, n);
                pool.files().putData(view.objectName(objectNumber), object, 0, object.length);
                offset += n;
            }
        } catch (IOException e) {
            throw new StorageException("cannot write " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void resize(long size) {
        resize(size, false);
    }

    /**
     * Changes only the header when growing: objects past the old end do not exist and read as zeros (a tail
     * object holding bytes past the old end is cut there first, so they cannot reappear). Shrinking removes the
     * objects past the new end and cuts a clone's overlap to it. Under the pool lock, so two resizes cannot both
     * read the old header and one undo the other.
     */
    @Override
    public void resize(long newSize, boolean allowShrink) {
        writable();
        header = pool.lock().call(() -> {
            RbdHeader current = pool.readHeader(id);
            if (newSize < current.size() && !allowShrink) {
                throw new InvalidArgument("cannot shrink rbd image " + pool.name() + "/" + name + " from "
                        + current.size() + " to " + newSize + " bytes: shrinking would discard data (rbd resize "
                        + "refuses it without --allow-shrink)");
            }
            if (newSize == current.size()) {
                return current;
            }
            if (newSize < current.size()) {
                dropObjectsFrom((newSize + current.objectSize() - 1) / current.objectSize(), current);
            }
            cutTailObject(Math.min(newSize, current.size()), current);
            ParentLink parent = current.parent();
            RbdHeader next = current.withSize(newSize)
                    .withParent(parent == null ? null : parent.withOverlap(Math.min(parent.overlap(), newSize)));
            pool.writeHeader(id, next);
            return next;
        });
        view = pool.view(header, null);
    }

    private void dropObjectsFrom(long firstObject, RbdHeader current) {
        for (String object : pool.files().list()) {
            if (ImageView.objectNumber(current.objectPrefix(), object) >= firstObject) {
                pool.files().removeIfExists(object);
            }
        }
    }

    /** An object holding bytes past {@code end} is rewritten (atomically) cut at {@code end}. */
    private void cutTailObject(long end, RbdHeader current) {
        int inObject = (int) (end % current.objectSize());
        String tail = String.format("%s.%016x", current.objectPrefix(), end / current.objectSize());
        if (inObject == 0 || !pool.files().exists(tail) || pool.files().stat(tail).size() <= inObject) {
            return;
        }
        pool.files().putData(tail, pool.files().read(tail), 0, inObject);
    }

    @Override
    public void createSnap(String snap) {
        snapshots.create(snap);
    }

    @Override
    public void removeSnap(String snap) {
        snapshots.remove(snap);
    }

    @Override
    public void protectSnap(String snap) {
        snapshots.protect(snap);
    }

    @Override
    public void unprotectSnap(String snap) {
        snapshots.unprotect(snap);
    }

    @Override
    public boolean isProtectedSnap(String snap) {
        return snapshots.isProtected(snap);
    }

    @Override
    public List<SnapInfo> listSnaps() {
        return snapshots.list();
    }

    @Override
    public List<ImageSpec> listChildren(String snap) {
        return snapshots.children(snap);
    }

    @Override
    public InputStream openStream() {
        return new ImageStream(view);
    }

    @Override
    public void flush() {
        // each object was fsynced when written; its rename becomes durable with the pool directory's sync
        pool.files().sync();
    }

    @Override
    public void close() {
        // no file stays open between calls
    }

    private void writable() {
        if (snapshot != null) {
            throw new ReadOnlyImage("rbd image " + pool.name() + "/" + name + "@" + snapshot.name()
                    + " is a snapshot: read-only");
        }
    }

    @Override
    public String toString() {
        return "rbd image " + pool.name() + "/" + name + (snapshot == null ? "" : "@" + snapshot.name()) + " ("
                + id + ", " + view.size() + " bytes)";
    }
}
