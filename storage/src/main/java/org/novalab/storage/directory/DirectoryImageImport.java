package org.novalab.storage.directory;

import java.io.IOException;
import java.util.Arrays;
import org.novalab.storage.Image;
import org.novalab.storage.ImageImport;
import org.novalab.storage.ImageInfo;

/**
 * Streams bytes into a new image's data objects, one object-sized buffer at a time; all-zero objects are not
 * stored. On close the header gets the number of bytes written as its size.
 */
final class DirectoryImageImport extends ImageImport {
    private final DirectoryPool pool;
    private final ImageInfo image;
    private final byte[] buffer;
    private final byte[] zeros;
    private int filled;
    private long objectNumber;
    private long total;
    private boolean closed;

    DirectoryImageImport(DirectoryPool pool, ImageInfo image) {
        this.pool = pool;
        this.image = image;
        this.buffer = new byte[image.objectSize()];
        this.zeros = new byte[image.objectSize()];
    }

    @Override
    public ImageInfo image() {
        return image;
    }

    @Override
    public long bytesWritten() {
        return total;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("import into " + image.spec() + " is closed");
        }
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            total += n;
            if (filled == buffer.length) {
                flushObject();
            }
        }
    }

    private void flushObject() {
        String object = image.dataObjectName(objectNumber);
        if (Arrays.mismatch(buffer, 0, filled, zeros, 0, filled) == -1) {
            pool.files().removeIfExists(object);
        } else {
            pool.files().putData(object, buffer, 0, filled);
        }
        objectNumber++;
        filled = 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (filled > 0) {
            flushObject();
        }
        closed = true;
        try (Image written = pool.open(image.name())) {
            written.resize(total);
        }
    }

    @Override
    public void abort() {
        closed = true;
        pool.remove(image.name());
    }
}
