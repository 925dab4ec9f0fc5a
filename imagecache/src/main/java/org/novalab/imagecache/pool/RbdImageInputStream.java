package org.novalab.imagecache.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads an RBD image object by object; absent objects, and the part of an object past its end, read as zeros. */
final class RbdImageInputStream extends InputStream {
    private final RbdImage image;
    private final long size;
    private long position;
    private FileChannel current;
    private long currentObject = -1;

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
        if (len == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        long objectSize = image.objectSize();
        long objectNumber = position / objectSize;
        long inObject = position % objectSize;
        int n = (int) Math.min(len, Math.min(objectSize - inObject, size - position));
        openObject(objectNumber);
        int got = 0;
        if (current != null) {
            ByteBuffer dst = ByteBuffer.wrap(b, off, n);
            while (dst.hasRemaining()) {
                int r = current.read(dst, inObject + got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        }
        if (got < n) {
            Arrays.fill(b, off + got, off + n, (byte) 0);
        }
        position += n;
        return n;
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
    }
}
