package org.novalab.storage;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * An open RBD image, librbd's {@code Image}: byte-addressed reads and writes, size, snapshots and the parent link
 * of a clone. A handle sees the image as it was opened and as it changed it itself (size, data); opened at a
 * snapshot, it is read-only ({@link ReadOnlyImage}). Reads of a clone fall through to the parent snapshot where
 * the clone has not written; writes never reach the parent.
 */
public interface Image extends AutoCloseable {
    String name();

    /** {@code Image.stat()}. */
    ImageInfo stat();

    /** {@code Image.size()}, in bytes. */
    long size();

    /** The snapshot this handle was opened at, or empty for the head. */
    Optional<String> snapshot();

    /** {@code Image.parent_info()} with {@code Image.overlap()}; empty for an image that is not a clone. */
    Optional<ParentInfo> parentInfo();

    /**
     * {@code Image.read(offset, length)}: fills {@code dst} with the image's bytes at {@code offset}, holes as
     * zeros; fewer bytes only at the image's end. Returns how many were read (0 at or past the end).
     */
    int read(long offset, ByteBuffer dst);

    /** Up to {@code length} bytes at {@code offset}, fewer only at the image's end. */
    default byte[] read(long offset, int length) {
        ByteBuffer dst = ByteBuffer.allocate((int) Math.max(0, Math.min(length, size() - offset)));
        read(offset, dst);
        return dst.array();
    }

    /** {@code Image.write(data, offset)}: within the image's size ({@link InvalidArgument} past its end). */
    void write(long offset, ByteBuffer src);

    /**
     * Grows the image to {@code size} bytes, like {@code rbd resize} without {@code --allow-shrink}: the bytes past
     * the old end read as zeros; shrinking is refused ({@link InvalidArgument}), so no data is ever lost.
     */
    void resize(long size);

    /** {@code Image.resize(size, allow_shrink)}: shrinking drops the data past the new end (snapshots keep theirs). */
    void resize(long size, boolean allowShrink);

    /** {@code Image.create_snap(name)}: the image's bytes as they are now, kept while the head changes. */
    void createSnap(String snapshot);

    /** {@code Image.remove_snap(name)}; {@link ImageBusy} while the snapshot is protected. */
    void removeSnap(String snapshot);

    /** {@code Image.protect_snap(name)}: a protected snapshot can be cloned from and cannot be removed. */
    void protectSnap(String snapshot);

    /** {@code Image.unprotect_snap(name)}; {@link ImageBusy} while clones of it exist. */
    void unprotectSnap(String snapshot);

    /** {@code Image.is_protected_snap(name)}. */
    boolean isProtectedSnap(String snapshot);

    /** {@code Image.list_snaps()}, oldest first. */
    List<SnapInfo> listSnaps();

    /** {@code Image.list_children()} of one snapshot: the clones made from it, in any pool of the cluster. */
    List<ImageSpec> listChildren(String snapshot);

    /**
     * The image's bytes from 0 to its size, holes as zeros, through a reader of its own (it stays open after this
     * handle is closed). Also a {@link java.nio.channels.ReadableByteChannel} where the store can fill direct
     * buffers without a heap copy.
     */
    InputStream openStream();

    /** {@code Image.flush()}: written data is durable. */
    void flush();

    /** {@code Image.close()}. */
    @Override
    void close();
}
