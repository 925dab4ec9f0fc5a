package org.novalab.disk;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * A guest's view of a disk: the virtual bytes after the whole backing chain and decryption, as QEMU's block
 * layer presents them to the guest. Reads past a layer's allocated clusters fall through to its backing file;
 * writes allocate (and encrypt) clusters in the top layer only.
 */
public interface BlockDevice extends Closeable {
    long size();

    /** Reads {@code dst.remaining()} bytes at guest offset {@code offset}; zeros beyond allocated data. */
    void read(long offset, ByteBuffer dst);

    void write(long offset, ByteBuffer src);

    void flush();

    @Override
    void close();
}
