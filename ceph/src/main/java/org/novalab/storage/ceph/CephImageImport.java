package org.novalab.storage.ceph;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.novalab.storage.ImageImport;
import org.novalab.storage.ImageInfo;
import org.novalab.storage.StorageException;

/**
 * {@code rbd import} from a stream of unknown length: the image is created empty, grows by whole objects as they
 * fill, and each object is written once, unless it is all zeros (so the image stays sparse, as {@code rbd import}
 * leaves it). Holds one object in a direct buffer, handed to librbd without a copy.
 */
final class CephImageImport extends ImageImport {
    private final CephPool pool;
    private final CephImage image;
    private final ImageInfo info;
    private final ByteBuffer object;
    private long written;
    private long stored;       // the image's size so far: the end of the last object flushed
    private boolean done;
    private boolean aborted;

    CephImageImport(CephPool pool, CephImage image) {
        this.pool = pool;
        this.image = image;
        this.info = image.stat();
        this.object = ByteBuffer.allocateDirect(info.objectSize());
    }

    @Override
    public ImageInfo image() {
        return info;
    }

    @Override
    public long bytesWritten() {
        return written;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        requireOpen();
        while (len > 0) {
            int n = Math.min(len, object.remaining());
            object.put(b, off, n);
            off += n;
            len -= n;
            written += n;
            if (!object.hasRemaining()) {
                flushObject();
            }
        }
    }

    private void flushObject() throws IOException {
        object.flip();
        long offset = stored;
        long end = offset + object.remaining();
        try {
            image.resize(end);
            if (!allZeros(object)) {
                image.write(offset, object);
            }
        } catch (StorageException e) {
            throw new IOException("cannot import into " + image + ": " + e.getMessage(), e);
        }
        stored = end;
        object.clear();
    }

    private static boolean allZeros(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        while (b.remaining() >= Long.BYTES) {
            if (b.getLong() != 0) {
                return false;
            }
        }
        while (b.hasRemaining()) {
            if (b.get() != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        try {
            if (object.position() > 0) {
                flushObject();
            }
            image.flush();
            done = true;
        } finally {
            if (!done) {
                abort();
            } else {
                image.close();
            }
        }
    }

    @Override
    public void abort() {
        if (aborted) {
            return;
        }
        aborted = true;
        done = true;
        image.close();
        pool.remove(info.name());
    }

    private void requireOpen() throws IOException {
        if (done) {
            throw new IOException("the import into " + image + " is finished");
        }
    }
}
