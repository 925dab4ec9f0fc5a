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

    /**
     * Writes {@code len} bytes of a new file's metadata at {@code offset}, leaving out every all-zero 4 KiB block
     * but the last (which sets the file's length): the skipped blocks read back as zeros, the content is the same,
     * and the final fsync has a few pages to write instead of every cluster of the header area (an overlay's 192
     * KiB, a LUKS header's 2 MiB, of which 64 bytes and 256 KiB are not zero). Only for a range of a fresh file
     * that holds nothing yet, where a hole and a written zero are the same.
     */
    public void writeFresh(long offset, byte[] buf, int off, int len) {
        int runStart = -1;
        for (int start = 0; start < len; start += ZERO_BLOCK.length) {
            int end = Math.min(len, start + ZERO_BLOCK.length);
            boolean keep = end == len || !allZero(buf, off + start, end - start);
            if (keep && runStart < 0) {
                runStart = start;
            } else if (!keep && runStart >= 0) {
                write(offset + runStart, buf, off + runStart, start - runStart);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            write(offset + runStart, buf, off + runStart, len - runStart);
        }
    }

    private static boolean allZero(byte[] buf, int off, int len) {
        return java.util.Arrays.mismatch(buf, off, off + len, ZERO_BLOCK, 0, len) < 0;
    }

    private static final byte[] ZERO_BLOCK = new byte[4096];

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
