package org.novalab.image.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random read access to the bytes of one image, so probes read only the few headers they need: a downloaded
 * file, or an image in the pool. Nothing outside these bytes is ever opened.
 */
public interface ImageBytes extends AutoCloseable {
    long size() throws IOException;

    /** Reads up to {@code length} bytes at {@code position}; fewer only at the end. */
    byte[] read(long position, int length) throws IOException;

    @Override
    void close() throws IOException;

    static ImageBytes of(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new ImageBytes() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public byte[] read(long position, int length) throws IOException {
                long available = Math.max(0, channel.size() - position);
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        break;
                    }
                }
                byte[] out = new byte[buffer.position()];
                buffer.flip().get(out);
                return out;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
