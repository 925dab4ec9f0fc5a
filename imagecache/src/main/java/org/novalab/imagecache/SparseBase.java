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
 * {@code _base}; its sparse copy takes only the blocks that hold data. The copy is made only when it saves
 * space ({@link #worthHoles}); it is fsynced, and the caller renames it into place.
 */
final class SparseBase {
    /** The file system's block: a smaller run of zeros cannot become a hole. */
    static final int BLOCK = 4096;
    private static final int CHUNK = 1 << 20;
    private static final long WINDOW = 64L << 20;

    private SparseBase() {
    }

    /**
     * Whether a sparse copy of {@code file} is worth its writing: at least a sixteenth of it, or 64 MiB, is in
     * all-zero blocks. Reads the file once through a mapping (it was just written: the page cache holds it) and
     * stops as soon as that much is found, so an image with no zeros (most compressed cloud images) costs only the
     * scan, never a second copy.
     */
    static boolean worthHoles(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long enough = Math.max(BLOCK, Math.min(size / 16, 64L << 20));
            long zeros = 0;
            for (long pos = 0; pos < size; pos += WINDOW) {
                long len = Math.min(WINDOW, size - pos);
                java.nio.MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, pos, len);
                for (int i = 0; i + BLOCK <= len; i += BLOCK) {
                    if (ZeroCheck.isZero(map, i, BLOCK)) {
                        zeros += BLOCK;
                        if (zeros >= enough) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
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
