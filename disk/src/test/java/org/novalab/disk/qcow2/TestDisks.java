package org.novalab.disk.qcow2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.chain.ImageChain;

/** Small helpers for tests: patterned buffers, raw files, reads and writes through the public API. */
public final class TestDisks {
    private TestDisks() {
    }

    public static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7 + (i >>> 9));
        }
        return b;
    }

    public static Path raw(Path file, long size) {
        // setLength makes a sparse file (a hole, like truncate(1)), not an allocated last block
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.setLength(size);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void poke(Path file, long offset, byte[] data) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(data), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] peek(Path file, long offset, int len) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(len);
            ch.read(b, offset);
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The guest view with every format probed, as {@code qemu-img} without {@code -f} would open the files tests
     * make in every shape; novalab's own guest path ({@link Disks#open}) is told each format instead.
     */
    public static BlockDevice openProbed(Path image, KeyLookup keys, boolean writable) {
        return new ChainDevice(ImageChain.open(image, null, keys, writable, true));
    }

    public static void write(Path image, KeyLookup keys, long offset, byte[] data) {
        try (BlockDevice d = openProbed(image, keys, true)) {
            d.write(offset, ByteBuffer.wrap(data));
            d.flush();
        }
    }

    public static byte[] read(Path image, KeyLookup keys, long offset, int len) {
        try (BlockDevice d = openProbed(image, keys, false)) {
            ByteBuffer b = ByteBuffer.allocate(len);
            d.read(offset, b);
            return b.array();
        }
    }

    public static byte[] read(Path image, long offset, int len) {
        return read(image, KeyLookup.NONE, offset, len);
    }

    public static ImageFormat qcow2() {
        return ImageFormat.QCOW2;
    }
}
