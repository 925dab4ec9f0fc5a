package org.novalab.compute.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Writes a file under a temporary name, fsyncs it and renames it into place: no partial file under a final name. */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, permissions);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name never shadows the final one
                }
            }
        }
    }

    /**
     * Writes several files of one directory durably with one round of syncs: every temporary file is written, all
     * are fsynced together (the file system can commit them in one journal transaction), renamed into place, and
     * the directory is fsynced once.
     */
    public static void writeAll(Map<Path, byte[]> files, Set<PosixFilePermission> permissions) {
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, byte[]> f : files.entrySet()) {
                Path dir = f.getKey().toAbsolutePath().getParent();
                Path tmp = Files.createTempFile(dir, "." + f.getKey().getFileName() + ".", ".part",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                temps.put(f.getKey(), tmp);
                Files.write(tmp, f.getValue());
                Files.setPosixFilePermissions(tmp, permissions);
            }
            temps.values().parallelStream().forEach(AtomicFiles::fsync);
            for (Map.Entry<Path, Path> t : temps.entrySet()) {
                Files.move(t.getValue(), t.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            temps.keySet().stream().map(p -> p.toAbsolutePath().getParent()).distinct()
                    .forEach(AtomicFiles::fsyncDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + files.keySet() + ": " + e.getMessage(), e);
        } finally {
            for (Path tmp : temps.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a temporary name never shadows a final one
                }
            }
        }
    }

    private static void fsync(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync " + file + ": " + e.getMessage(), e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open directories; the rename itself is atomic
        }
    }
}
