package org.novalab.storage.directory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * Reads an {@link ImageView} object by object, keeping the current object's file open: an object the view has is
 * read from its file (bytes past the file's end are zeros), a missing one reads through to the parent view under
 * the overlap, else as zeros. An image that is not a clone reads its object files and nothing else.
 */
final class ViewReader implements Closeable {
    private static final byte[] ZEROS = new byte[64 << 10];
    private final ImageView view;
    private ViewReader parent;
    private FileChannel current;
    private long currentObject = -1;

    ViewReader(ImageView view) {
        this.view = view;
    }

    /** Fills {@code dst} from {@code position}, stopping at the view's end; returns how many bytes were read. */
    int read(long position, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining() && position < view.size()) {
            int n = readInObject(position, dst);
            position += n;
            total += n;
        }
        return total;
    }

    /** Reads from {@code position} to the end of its object at most; returns the count (0 at the view's end). */
    int readInObject(long position, ByteBuffer dst) throws IOException {
        long objectSize = view.objectSize();
        long objectNumber = position >>> view.order();
        long inObject = position & (objectSize - 1);
        int n = (int) Math.min(dst.remaining(), Math.min(objectSize - inObject, view.size() - position));
        if (n <= 0) {
            return 0;
        }
        ByteBuffer window = dst.slice(dst.position(), n);
        FileChannel ch = channel(objectNumber);
        if (ch != null) {
            while (window.hasRemaining() && ch.read(window, inObject + window.position()) >= 0) {
                // until the window is full or the object file ends
            }
        } else if (view.readsThrough(position)) {
            ByteBuffer underOverlap = window.slice(0, (int) Math.min(n, view.overlap() - position));
            parent().read(position, underOverlap);
            window.position(underOverlap.position());
        }
        while (window.hasRemaining()) {
            window.put(ZEROS, 0, Math.min(ZEROS.length, window.remaining()));
        }
        dst.position(dst.position() + n);
        return n;
    }

    /**
     * What object {@code objectNumber} holds as this view sees it: its own bytes, or for a clone that has not
     * written it the parent's bytes under the overlap (what a write must copy up first), or nothing.
     */
    byte[] objectContent(long objectNumber) throws IOException {
        long start = objectNumber << view.order();
        FileChannel ch = channel(objectNumber);
        if (ch != null) {
            ByteBuffer own = ByteBuffer.allocate((int) ch.size());
            while (own.hasRemaining() && ch.read(own, own.position()) >= 0) {
                // the whole file
            }
            return own.array();
        }
        if (!view.readsThrough(start)) {
            return new byte[0];
        }
        ByteBuffer inherited = ByteBuffer.allocate((int) Math.min(view.objectSize(), view.overlap() - start));
        parent().read(start, inherited);
        return inherited.array();
    }

    private ViewReader parent() {
        if (parent == null) {
            parent = new ViewReader(view.parent());
        }
        return parent;
    }

    private FileChannel channel(long objectNumber) throws IOException {
        if (objectNumber != currentObject) {
            closeCurrent();
            currentObject = objectNumber;
            try {
                current = FileChannel.open(view.objectFile(objectNumber), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                current = null;
            }
        }
        return current;
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
        currentObject = -1;
        if (parent != null) {
            parent.close();
        }
    }
}
