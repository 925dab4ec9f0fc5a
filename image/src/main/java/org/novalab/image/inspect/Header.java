package org.novalab.image.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads fixed-width numbers and magics from {@link ImageBytes}; a read past the end (or at an offset of 2^63 and
 * more, negative here) yields zeros. Small reads come from one 64 KiB window, so walking a table of small entries
 * (65536 qcow2 snapshot headers) costs a read per window, not per field.
 */
final class Header {
    private static final int WINDOW = 64 * 1024;
    private static final int SMALL = 4096;
    private final ImageBytes bytes;
    private long windowStart = -1;
    private byte[] window;

    Header(ImageBytes bytes) {
        this.bytes = bytes;
    }

    long size() throws IOException {
        return bytes.size();
    }

    byte[] read(long position, int length) throws IOException {
        if (position < 0) {
            return new byte[length];
        }
        long start = position & ~(WINDOW - 1L);
        if (length <= SMALL && position + length <= start + WINDOW) {
            if (start != windowStart) {
                window = padded(bytes.read(start, WINDOW), WINDOW);
                windowStart = start;
            }
            int from = (int) (position - start);
            return Arrays.copyOfRange(window, from, from + length);
        }
        return padded(bytes.read(position, length), length);
    }

    private static byte[] padded(byte[] got, int length) {
        return got.length == length ? got : Arrays.copyOf(got, length);
    }

    boolean hasMagic(long position, byte[] magic) throws IOException {
        return position + magic.length <= size() && Arrays.equals(read(position, magic.length), magic);
    }

    boolean hasMagic(long position, String ascii) throws IOException {
        return hasMagic(position, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    long u64be(long position) throws IOException {
        return ByteBuffer.wrap(read(position, 8)).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    long u32be(long position) throws IOException {
        return Integer.toUnsignedLong(ByteBuffer.wrap(read(position, 4)).order(ByteOrder.BIG_ENDIAN).getInt());
    }

    long u64le(long position) throws IOException {
        return ByteBuffer.wrap(read(position, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    long u32le(long position) throws IOException {
        return Integer.toUnsignedLong(ByteBuffer.wrap(read(position, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    int u16le(long position) throws IOException {
        return Short.toUnsignedInt(ByteBuffer.wrap(read(position, 2)).order(ByteOrder.LITTLE_ENDIAN).getShort());
    }

    String ascii(long position, int length) throws IOException {
        return new String(read(position, length), StandardCharsets.ISO_8859_1);
    }

    /** One entry of a table of big-endian 64-bit numbers. */
    @FunctionalInterface
    interface TableEntry {
        void accept(long index, long value) throws IOException;
    }

    /**
     * Reads {@code count} big-endian 64-bit entries from {@code position} in 64 KiB pieces, so a table as large as
     * QEMU allows (a 32 MiB L1) never sits in memory whole.
     */
    void forEachU64be(long position, long count, TableEntry entry) throws IOException {
        final int perRead = 8192;
        for (long first = 0; first < count; first += perRead) {
            int n = (int) Math.min(perRead, count - first);
            ByteBuffer chunk = ByteBuffer.wrap(read(position + first * 8, n * 8)).order(ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < n; i++) {
                entry.accept(first + i, chunk.getLong());
            }
        }
    }
}
