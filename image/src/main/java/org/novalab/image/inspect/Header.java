package org.novalab.image.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads fixed-width numbers and magics from {@link ImageBytes}; a read past the end yields zeros. */
final class Header {
    private final ImageBytes bytes;

    Header(ImageBytes bytes) {
        this.bytes = bytes;
    }

    long size() throws IOException {
        return bytes.size();
    }

    byte[] read(long position, int length) throws IOException {
        byte[] got = bytes.read(position, length);
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
}
