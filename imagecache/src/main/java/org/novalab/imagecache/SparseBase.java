package org.novalab.imagecache;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.novalab.disk.io.ZeroCheck;

/**
 * Writes a raw base with holes where the image is zero, as {@code qemu-img convert} does (its {@code -S 4k}
 * default): a downloaded file has every byte written, so a 1 GiB mostly-zero image would take 1 GiB in
 * {@code _base}; its sparse copy takes only the blocks that hold data. The copy is fsynced; the caller renames it
 * into place.
 */
final class SparseBase {
    /** The file system's block: a smaller run of zeros cannot become a hole. */
    static final int BLOCK = 4096;
    private static final int CHUNK = 1 << 20;

    private SparseBase() {
    }

    /** Copies {@code from} to a new file {@code to}, skipping all-zero blocks; returns the bytes written. */
    static long copy(Path from, Path to) throws IOException {
        long written = 0;
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        Files.deleteIfExists(to);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             RandomAccessFile file = new RandomAccessFile(to.toFile(), "rw");
             FileChannel out = file.getChannel()) {
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                buf.clear();
                int n = readFully(in, buf, pos);
                for (int i = 0; i < n; ) {
                    int len = Math.min(BLOCK, n - i);
                    if (ZeroCheck.isZero(buf, i, len)) {
                        i += len;
                        continue;
                    }
                    // one write for the run of data blocks that starts here
                    int end = i + len;
                    while (end < n && !ZeroCheck.isZero(buf, end, Math.min(BLOCK, n - end))) {
                        end += Math.min(BLOCK, n - end);
                    }
                    ByteBuffer run = buf.slice(i, end - i);
                    long at = pos + i;
                    while (run.hasRemaining()) {
                        at += out.write(run, at);
                    }
                    written += end - i;
                    i = end;
                }
                pos += n;
            }
            // a trailing hole is made by the length alone
            file.setLength(size);
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(to);
            throw e;
        }
        return written;
    }

    private static int readFully(FileChannel in, ByteBuffer buf, long pos) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = in.read(buf, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
