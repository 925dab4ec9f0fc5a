package org.novalab.disk.qcow2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.DiskException;
import org.novalab.disk.io.WritebackAhead;

/** Positional I/O on one image file with the checks every metadata read needs (never outside the file). */
public final class ImageFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final boolean writable;
    private volatile boolean deferSyncs;
    private volatile WritebackAhead writeback;

    public ImageFile(Path path, FileChannel channel, boolean writable) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
    }

    public Path path() {
        return path;
    }

    public boolean writable() {
        return writable;
    }

    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new DiskException("Could not stat '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Reads exactly {@code len} bytes; a short read means metadata points past the end of the file. */
    public void readFully(long offset, byte[] buf, int off, int len) {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        try {
            while (b.hasRemaining()) {
                int n = channel.read(b, offset + b.position() - off);
                if (n < 0) {
                    throw new CorruptImage("'" + path + "': read of " + len + " bytes at offset " + offset
                            + " goes beyond the end of the file");
                }
            }
        } catch (IOException e) {
            throw new DiskException("Could not read '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Reads up to {@code len} bytes; bytes beyond the end of the file read as zeros (raw semantics). */
    public void readZeroPadded(long offset, byte[] buf, int off, int len) {
        readZeroPadded(offset, ByteBuffer.wrap(buf, off, len));
    }

    /**
     * Fills {@code dst}'s remaining bytes (its position is left alone) from {@code offset}, zeros past the end of
     * the file. A direct buffer is read into as is; a heap one costs the JDK a copy through a native buffer.
     */
    public void readZeroPadded(long offset, ByteBuffer dst) {
        ByteBuffer b = dst.slice();
        try {
            while (b.hasRemaining()) {
                int n = channel.read(b, offset + b.position());
                if (n < 0) {
                    b.put(new byte[b.remaining()]);
                    return;
                }
            }
        } catch (IOException e) {
            throw new DiskException("Could not read '" + path + "': " + e.getMessage(), e);
        }
    }

    public void write(long offset, byte[] buf, int off, int len) {
        write(offset, ByteBuffer.wrap(buf, off, len));
    }

    /** Writes {@code src}'s remaining bytes at {@code offset} (its position is left alone). */
    public void write(long offset, ByteBuffer src) {
        ByteBuffer b = src.slice();
        int len = b.remaining();
        try {
            while (b.hasRemaining()) {
                channel.write(b, offset + b.position());
            }
        } catch (IOException e) {
            throw new DiskException("Could not write '" + path + "': " + e.getMessage(), e);
        }
        WritebackAhead w = writeback;
        if (w != null) {
            w.wrote(len);
        }
    }

    public void truncate(long size) {
        try {
            if (channel.size() > size) {
                channel.truncate(size);
            } else if (channel.size() < size) {
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
        } catch (IOException e) {
            throw new DiskException("Could not resize '" + path + "': " + e.getMessage(), e);
        }
    }

    /**
     * For a file being built under a temporary name: intermediate syncs buy nothing (the file only counts once it
     * is synced as a whole and renamed), so {@link #force()} becomes a no-op. The caller syncs at the end; bulk
     * writes are meanwhile synced in the background ({@link WritebackAhead}) so that final sync finds little
     * left to do, and {@link #close()} reports any error those background syncs met.
     */
    public void deferSyncs() {
        deferSyncs = true;
        writeback = new WritebackAhead(path, channel);
    }

    public void force() {
        if (deferSyncs) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new DiskException("Could not flush '" + path + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        WritebackAhead w = writeback;
        try {
            if (w != null) {
                w.finish();
            }
        } finally {
            closeChannel();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
