package org.novalab.storage.directory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * An image's bytes from 0 to its size, read object by object. Also a {@link ReadableByteChannel}, so a server can
 * read objects straight into the direct buffers it sends (no heap copy in between).
 */
final class ImageStream extends InputStream implements ReadableByteChannel {
    private final ViewReader reader;
    private final long size;
    private long position;
    private boolean closed;

    ImageStream(ImageView view) {
        this.reader = new ViewReader(view);
        this.size = view.size();
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
        int n = reader.readInObject(position, dst);
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

    @Override
    public void close() throws IOException {
        reader.close();
        position = size;
        closed = true;
    }
}
