package org.novalab.disk.qemu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private static final byte[] MASK = "****".getBytes(StandardCharsets.US_ASCII);
    private final Path directory;
    private final Path file;
    /** Kept until close only to scrub the secret from qemu-img's error output (off the heap), then closed. */
    private final Passphrase secret;
    private boolean closed;

    private KeyFile(Path directory, Path file, Passphrase secret) {
        this.directory = directory;
        this.file = file;
        this.secret = secret;
    }

    /** Writes {@code passphrase} into a new key file under {@code base}. */
    public static KeyFile write(Path base, Passphrase passphrase) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(base, "novalab-key-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("key");
            try (FileChannel out = FileChannel.open(file,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                passphrase.writeTo(out);
            }
            return new KeyFile(dir, file, passphrase.copy());
        } catch (IOException e) {
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

    /**
     * Replaces every occurrence of this key in {@code text} (e.g. a tool's stderr) with {@code ****}. Compares
     * the text's UTF-8 bytes with the key's: the key never becomes a String, which could not be zeroed. A key of
     * blanks only masks nothing (it would mask the text's spaces).
     */
    public String scrub(String text) {
        if (closed || secret.length() == 0) {
            return text;
        }
        byte[] key = secret.bytes();
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (blank(key) || indexOf(in, key, 0) < 0) {
                return text;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
            int from = 0;
            for (int at = indexOf(in, key, 0); at >= 0; at = indexOf(in, key, from)) {
                out.write(in, from, at - from);
                out.writeBytes(MASK);
                from = at + key.length;
            }
            out.write(in, from, in.length - from);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(in, (byte) 0);
        }
    }

    private static int indexOf(byte[] text, byte[] key, int from) {
        outer:
        for (int i = from; i <= text.length - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (text[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean blank(byte[] key) {
        for (byte b : key) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        secret.close();
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
