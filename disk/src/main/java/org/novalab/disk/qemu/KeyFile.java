package org.novalab.disk.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.novalab.disk.DiskException;
import org.novalab.disk.Passphrase;

/**
 * A passphrase written to a file that only its owner can read, for {@code --object secret,file=...}, the way
 * Nova and CloudStack hand secrets to qemu-img. The file lives alone in a fresh 0700 directory (on tmpfs when
 * the base is {@code /dev/shm}), is created 0600 before any byte is written, and is deleted with its
 * directory on {@link #close()}: use try-with-resources so it goes even when qemu-img fails.
 */
public final class KeyFile implements AutoCloseable {
    private final Path directory;
    private final Path file;
    /** Kept until close only to scrub the secret from qemu-img's error output, then zeroed. */
    private final byte[] secret;
    private boolean closed;

    private KeyFile(Path directory, Path file, byte[] secret) {
        this.directory = directory;
        this.file = file;
        this.secret = secret;
    }

    /** Writes {@code passphrase} into a new key file under {@code base}. */
    public static KeyFile write(Path base, Passphrase passphrase) {
        byte[] bytes = passphrase.bytes();
        Path dir = null;
        try {
            dir = Files.createTempDirectory(base, "novalab-key-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("key");
            try (FileChannel out = FileChannel.open(file,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            return new KeyFile(dir, file, bytes);
        } catch (IOException e) {
            Arrays.fill(bytes, (byte) 0);
            deleteQuietly(dir);
            throw new DiskException("cannot write a key file under " + base + ": " + e.getMessage(), e);
        }
    }

    /** The default base: tmpfs {@code /dev/shm} when present (the key never reaches a disk), else java.io.tmpdir. */
    public static Path defaultBase() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Path path() {
        return file;
    }

    /** Replaces every occurrence of this key in {@code text} (e.g. a tool's stderr) with {@code ****}. */
    public String scrub(String text) {
        if (closed || secret.length == 0) {
            return text;
        }
        String key = new String(secret, StandardCharsets.UTF_8);
        return key.isBlank() ? text : text.replace(key, "****");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Arrays.fill(secret, (byte) 0);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete key file " + file, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("key"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort on a path that already failed; the original error is what the caller needs
        }
    }
}
