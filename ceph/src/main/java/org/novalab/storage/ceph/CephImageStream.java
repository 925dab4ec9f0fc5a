package org.novalab.storage.ceph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * An image's bytes from 0 to its size through a read-only handle of its own, one object at a time (librbd reads
 * holes as zeros); closing the stream closes the handle.
 */
final class CephImageStream extends InputStream implements ReadableByteChannel {
    private final CephImage image;
    private final long size;
    private final ByteBuffer buffer;
    private long position;
    private boolean closed;

    CephImageStream(CephImage image, int objectSize) {
        this.image = image;
        this.size = image.size();
        this.buffer = ByteBuffer.allocateDirect(objectSize);
        this.buffer.limit(0);
    }

    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException(image + " stream is closed");
        }
        if (buffer.hasRemaining()) {
            return true;
        }
        if (position >= size) {
            return false;
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), size - position));
        int n = image.read(position, buffer);
        if (n <= 0) {
            throw new IOException(image + " ended at " + position + " of " + size + " bytes");
        }
        position += n;
        buffer.flip();
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(dst.remaining(), buffer.remaining());
        ByteBuffer slice = buffer.slice().limit(n);
        dst.put(slice);
        buffer.position(buffer.position() + n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            image.close();
        }
    }
}
