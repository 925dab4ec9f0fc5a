package org.novalab.storage.pool;

import java.io.InputStream;
import java.util.List;

/**
 * One RBD format 2 image in a {@link Pool}: a header (size, order, prefix) and data objects
 * {@code rbd_data.<id>.<%016x>}, each 2^order bytes of the image, all-zero ones not stored. A value: it reflects
 * the header as it was read; {@link #refresh()} reads it again.
 */
public final class RbdImage {
    private final Pool pool;
    private final String name;
    private final String id;
    private final RbdHeader header;

    RbdImage(Pool pool, String name, String id, RbdHeader header) {
        this.pool = pool;
        this.name = name;
        this.id = id;
        this.header = header;
    }

    public String name() {
        return name;
    }

    /** The 12-hex-digit id, e.g. {@code 10807612e851}. */
    public String id() {
        return id;
    }

    public long size() {
        return header.size();
    }

    public int order() {
        return header.order();
    }

    public int objectSize() {
        return 1 << header.order();
    }

    /** {@code rbd_data.<id>}, what {@code rbd info} calls block_name_prefix. */
    public String blockNamePrefix() {
        return header.objectPrefix();
    }

    public long features() {
        return header.features();
    }

    public long createTimestamp() {
        return header.createTimestamp();
    }

    /** "pool/image" this image was cloned from, or null. */
    public String parent() {
        return header.parent();
    }

    public Pool pool() {
        return pool;
    }

    /** How many objects the image spans (stored or not): ceil(size / object size). */
    public long objectCount() {
        return (size() + objectSize() - 1) / objectSize();
    }

    public String dataObjectName(long objectNumber) {
        return String.format("%s.%016x", header.objectPrefix(), objectNumber);
    }

    /** The data objects that exist (non-zero ones), in object-number order. */
    public List<String> storedDataObjects() {
        String prefix = header.objectPrefix() + ".";
        return pool.listObjects().stream().filter(o -> o.startsWith(prefix)).sorted().toList();
    }

    /** Up to {@code length} bytes at {@code position} (fewer only at the image's end); holes read as zeros. */
    public byte[] read(long position, int length) {
        int n = (int) Math.max(0, Math.min(length, size() - position));
        byte[] out = new byte[n];
        try (InputStream in = openStream()) {
            in.skipNBytes(position);
            in.readNBytes(out, 0, n);
        } catch (java.io.IOException e) {
            throw new PoolException("cannot read " + this + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The image's bytes from 0 to size, holes read as zeros. */
    public InputStream openStream() {
        return new RbdImageInputStream(this);
    }

    /**
     * Writes the image from its start; on {@link RbdImageWriter#close()} the header gets the number of bytes
     * written as its size. {@link RbdImageWriter#abort()} removes every object written.
     */
    public RbdImageWriter openWriter() {
        return new RbdImageWriter(this);
    }

    /**
     * A new image {@code cloneName} with the same bytes, as {@code rbd clone} gives compute's Rbd backend: data
     * objects are hard links (objects are only ever replaced by rename, so the two images never share a write).
     */
    public RbdImage clone(Pool target, String cloneName) {
        RbdImage clone = target.createImage(cloneName, size(), order());
        String prefix = header.objectPrefix() + ".";
        for (String object : storedDataObjects()) {
            String suffix = object.substring(prefix.length());
            if (target == pool || target.dir().equals(pool.dir())) {
                pool.link(object, clone.blockNamePrefix() + "." + suffix);
            } else {
                try (InputStream in = pool.get(object)) {
                    target.put(clone.blockNamePrefix() + "." + suffix, in);
                } catch (java.io.IOException e) {
                    throw new PoolException("cannot clone " + object + ": " + e.getMessage(), e);
                }
            }
        }
        RbdHeader withParent = new RbdHeader(size(), order(), clone.blockNamePrefix(), features(),
                clone.createTimestamp(), pool.name() + "/" + name);
        target.writeHeader(clone.id(), withParent);
        return clone.refresh();
    }

    public RbdImage refresh() {
        return new RbdImage(pool, name, id, pool.readHeader(id));
    }

    void setSize(long newSize) {
        pool.writeHeader(id, header.withSize(newSize));
    }

    /**
     * Grows the image to {@code newSize} bytes, like {@code rbd resize} without {@code --allow-shrink}: only the
     * header changes (written atomically), no data object is stored, since objects past the old end do not exist
     * and read as zeros. Shrinking is refused, so no data is ever lost. Returns the image as it now is.
     */
    public RbdImage resize(long newSize) {
        // under the pool lock, so two resizes cannot both read the old header and one undo the other
        return pool.withDirectoryLock(() -> {
            RbdHeader current = pool.readHeader(id);
            if (newSize < current.size()) {
                throw new PoolException("cannot shrink rbd image " + pool.name() + "/" + name + " from "
                        + current.size() + " to " + newSize + " bytes: shrinking would discard data (rbd resize "
                        + "refuses it without --allow-shrink)");
            }
            if (newSize > current.size()) {
                trimTailObject(current.size());
                pool.writeHeader(id, current.withSize(newSize));
            }
            return refresh();
        });
    }

    /**
     * Bytes the last object may hold past the image's end were never part of the image; growing must not let
     * them reappear, so such an object is rewritten (atomically) cut at the old end.
     */
    private void trimTailObject(long oldSize) {
        int inObject = (int) (oldSize % objectSize());
        String tail = dataObjectName(oldSize / objectSize());
        if (inObject == 0 || !pool.exists(tail) || pool.stat(tail).size() <= inObject) {
            return;
        }
        byte[] bytes = pool.getBytes(tail);
        pool.put(tail, bytes, 0, inObject);
    }

    void removeData() {
        for (String object : storedDataObjects()) {
            pool.removeIfExists(object);
        }
    }

    @Override
    public String toString() {
        return "rbd image " + pool.name() + "/" + name + " (" + id + ", " + size() + " bytes)";
    }
}
