package org.novalab.disk.layer;

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
     * Writes guest bytes into this layer; partial clusters not yet stored here are completed from
     * {@code below} (copy-on-write).
     */
    void write(long offset, byte[] buf, int off, int len, GuestReader below);

    /** Makes every write durable, metadata in QEMU's order. */
    void flush();

    @Override
    void close();
}
