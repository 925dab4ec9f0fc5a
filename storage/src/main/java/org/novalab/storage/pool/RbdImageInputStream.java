package org.novalab.storage.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * Reads an RBD image object by object; absent objects, and the part of an object past its end, read as zeros.
 * Also a {@link ReadableByteChannel}, so a server can read objects straight into direct buffers it sends (no
 * heap copy in between).
 */
final class RbdImageInputStream extends InputStream implements ReadableByteChannel {
    private static final byte[] ZEROS = new byte[64 << 10];
    private final RbdImage image;
    private final long size;
    private long position;
    private FileChannel current;
    private long currentObject = -1;
    private boolean closed;

    RbdImageInputStream(RbdImage image) {
        this.image = image;
        this.size = image.size();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return read(ByteBuffer.wrap(b, off, len));
    }

    /** Fills {@code dst} up to the end of the current object at most; -1 at the end of the image. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        long objectSize = image.objectSize();
        long objectNumber = position / objectSize;
        long inObject = position % objectSize;
        int n = (int) Math.min(dst.remaining(), Math.min(objectSize - inObject, size - position));
        openObject(objectNumber);
        ByteBuffer window = dst.slice(dst.position(), n);
        if (current != null) {
            while (window.hasRemaining()) {
                if (current.read(window, inObject + window.position()) < 0) {
                    break;
                }
            }
        }
        while (window.hasRemaining()) {
            window.put(ZEROS, 0, Math.min(ZEROS.length, window.remaining()));
        }
        dst.position(dst.position() + n);
        position += n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, size - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }

    private void openObject(long objectNumber) throws IOException {
        if (objectNumber == currentObject) {
            return;
        }
        closeCurrent();
        currentObject = objectNumber;
        try {
            current = FileChannel.open(image.pool().objectPath(image.dataObjectName(objectNumber)),
                    StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            current = null;
        }
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
        position = size;
        closed = true;
    }
}
