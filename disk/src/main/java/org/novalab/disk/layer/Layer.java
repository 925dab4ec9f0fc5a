package org.novalab.disk.layer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.novalab.disk.ImageFormat;

/**
 * One file of a backing chain as the block layer sees it: which guest ranges it stores, and their plaintext.
 * Implementations: raw files, qcow2 images (plain or encrypted) and raw LUKS containers.
 */
public interface Layer extends AutoCloseable {
    Path path();

    ImageFormat format();

    /** Virtual size in bytes. */
    long size();

    /** True when this layer stores ciphertext (its data needs a key). */
    boolean encrypted();

    /** The status of guest bytes from {@code offset}, at most {@code maxLength} bytes, never 0 bytes. */
    Extent extent(long offset, long maxLength);

    /** Reads (and decrypts or inflates) bytes of a {@link Extent.Kind#DATA} or {@link Extent.Kind#COMPRESSED} extent. */
    void readData(long offset, byte[] buf, int off, int len);

    /**
     * {@link #readData(long, byte[], int, int)} into {@code dst}'s remaining bytes (its position is left alone).
     * Layers that can read a direct buffer without a copy through a heap array (plain files) override this.
     */
    default void readData(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        if (dst.hasArray()) {
            readData(offset, dst.array(), dst.arrayOffset() + dst.position(), len);
        } else {
            byte[] tmp = new byte[len];
            readData(offset, tmp, 0, len);
            dst.put(dst.position(), tmp);
        }
    }

    /**
     * {@link #write(long, byte[], int, int, GuestReader)} of {@code src}'s remaining bytes (its position is left
     * alone). Layers that can write a direct buffer without a copy through a heap array override this.
     */
    default void write(long offset, ByteBuffer src, GuestReader below) {
        int len = src.remaining();
        if (src.hasArray()) {
            write(offset, src.array(), src.arrayOffset() + src.position(), len, below);
        } else {
            byte[] tmp = new byte[len];
            src.get(src.position(), tmp);
            write(offset, tmp, 0, len, below);
        }
    }

    /**
     * Writes guest bytes into this layer; partial clusters not yet stored here are completed from
     * {@code below} (copy-on-write).
     */
    void write(long offset, byte[] buf, int off, int len, GuestReader below);

    /** Makes every write durable, metadata in QEMU's order. */
    void flush();

    @Override
    void close();
}
