package org.novalab.storage.pool;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams bytes into an image's data objects, one object-sized buffer at a time. All-zero objects are not stored
 * (and a stale object with that number is removed), so the image stays sparse. Not thread-safe.
 */
public final class RbdImageWriter extends OutputStream {
    private final RbdImage image;
    private final byte[] buffer;
    private final byte[] zeros;
    private final List<String> written = new ArrayList<>();
    private int filled;
    private long objectNumber;
    private long total;
    private boolean closed;

    RbdImageWriter(RbdImage image) {
        this.image = image;
        this.buffer = new byte[image.objectSize()];
        this.zeros = new byte[image.objectSize()];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
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

    /** Bytes accepted so far. */
    public long bytesWritten() {
        return total;
    }

    private void flushObject() {
        String object = image.dataObjectName(objectNumber);
        if (Arrays.mismatch(buffer, 0, filled, zeros, 0, filled) == -1) {
            image.pool().removeIfExists(object);
        } else {
            image.pool().put(object, buffer, 0, filled);
            written.add(object);
        }
        objectNumber++;
        filled = 0;
    }

    /** Stores the last (short) object and records the final size in the header. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (filled > 0) {
            flushObject();
        }
        // Objects beyond the new end belong to an older, longer content: drop them.
        String prefix = image.blockNamePrefix() + ".";
        for (String object : image.storedDataObjects()) {
            long number = Long.parseLong(object.substring(prefix.length()), 16);
            if (number >= objectNumber) {
                image.pool().removeIfExists(object);
            }
        }
        image.setSize(total);
        closed = true;
    }

    /** Gives up: removes every object this writer stored. The header keeps its old size. */
    public void abort() {
        closed = true;
        for (String object : written) {
            image.pool().removeIfExists(object);
        }
        written.clear();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("writer of " + image + " is closed");
        }
    }
}
