package org.novalab.imagecache.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.novalab.image.ImageJson;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.imagecache.ImageSource;

/**
 * An image source shared by several processes: {@code <dir>/<id>.json} and {@code <dir>/<id>.data}. Every open
 * appends one line to {@code <dir>/opens.log} (O_APPEND, so lines from two processes never mix). Serves slowly.
 */
public final class DirectoryImageSource implements ImageSource {
    private final Path dir;
    private final long delayPerReadMillis;

    public DirectoryImageSource(Path dir, long delayPerReadMillis) {
        this.dir = dir;
        this.delayPerReadMillis = delayPerReadMillis;
    }

    public static void publish(Path dir, ImageRecord record, byte[] data) throws IOException {
        Files.writeString(dir.resolve(record.id() + ".json"), ImageJson.toJson(record));
        Files.write(dir.resolve(record.id() + ".data"), data);
    }

    public static long opens(Path dir) throws IOException {
        Path log = dir.resolve("opens.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Override
    public ImageRecord describe(String imageId) {
        try {
            return ImageJson.fromJson(Files.readString(dir.resolve(imageId + ".json")));
        } catch (IOException e) {
            throw new ImageNotFound(imageId);
        }
    }

    @Override
    public InputStream open(String imageId) {
        try (FileChannel log = FileChannel.open(dir.resolve("opens.log"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            log.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new FilterInputStream(Files.newInputStream(dir.resolve(imageId + ".data"))) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        Thread.sleep(delayPerReadMillis);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    return super.read(b, off, Math.min(len, 128 * 1024));
                }
            };
        } catch (IOException e) {
            throw new ImageNotFound(imageId);
        }
    }
}
