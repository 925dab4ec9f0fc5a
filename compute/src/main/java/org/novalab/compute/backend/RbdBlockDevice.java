package org.novalab.compute.backend;

import java.nio.ByteBuffer;
import org.novalab.storage.pool.Pool;
import org.novalab.storage.pool.RbdImage;

/**
 * A guest's view of an RBD image: object {@code n} holds bytes [n * 2^order, (n+1) * 2^order); a missing object
 * reads as zeros. A write rewrites the whole object atomically (read, modify, put), which never touches the
 * parent's objects: a clone's objects are replaced by rename, not written in place.
 */
final class RbdBlockDevice implements org.novalab.disk.BlockDevice {
    private final Pool pool;
    private final RbdImage image;

    RbdBlockDevice(Pool pool, RbdImage image) {
        this.pool = pool;
        this.image = image;
    }

    @Override
    public long size() {
        return image.size();
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        while (dst.hasRemaining() && offset < size()) {
            long n = offset / image.objectSize();
            int in = (int) (offset % image.objectSize());
            int len = (int) Math.min(Math.min(dst.remaining(), image.objectSize() - in), size() - offset);
            byte[] object = object(n);
            if (object.length > in) {
                dst.put(object, in, Math.min(len, object.length - in));
            }
            for (int i = Math.max(0, object.length - in); i < len; i++) {
                dst.put((byte) 0);
            }
            offset += len;
        }
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        while (src.hasRemaining()) {
            long n = offset / image.objectSize();
            int in = (int) (offset % image.objectSize());
            int len = Math.min(src.remaining(), image.objectSize() - in);
            byte[] current = object(n);
            byte[] object = new byte[Math.max(current.length, in + len)];
            System.arraycopy(current, 0, object, 0, current.length);
            src.get(object, in, len);
            pool.put(image.dataObjectName(n), object, 0, object.length);
            offset += len;
        }
    }

    private byte[] object(long n) {
        String name = image.dataObjectName(n);
        return pool.exists(name) ? pool.getBytes(name) : new byte[0];
    }

    @Override
    public void flush() {
        // every put is already durable (temporary name, fsync, rename)
    }

    @Override
    public void close() {
    }
}
