package org.novalab.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way novalab writes a file: complete or not at all ({@link AtomicFile}). Every module writes through
 * here and wraps the {@link IOException} in its own domain error.
 */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /** Fills a freshly created temporary file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temporary) throws IOException;
    }

    /**
     * Removes the temporary files a killed writer of {@code target} left beside it ({@link AbandonedFiles}): a
     * command that makes one big file (an image) calls it first, so a dead run's half-written copy is gone by the
     * next run on the same target.
     */
    public static List<Path> reclaimAbandoned(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        String name = absolute.getFileName().toString();
        return AbandonedFiles.reclaim(absolute.getParent(), name::equals);
    }

    /** {@code target} gets what {@code writer} put in the temporary file, or stays as it was. */
    public static void write(Path target, Writer writer) throws IOException {
        try (AtomicFile file = AtomicFile.create(target)) {
            writer.write(file.path());
            file.commit();
        }
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        try (AtomicFile file = AtomicFile.create(target, mode)) {
            Files.write(file.path(), content, StandardOpenOption.WRITE);
            file.commit();
        }
    }

    /** Streams {@code in} into {@code target}; returns the bytes written. */
    public static long copy(InputStream in, Path target) throws IOException {
        try (AtomicFile file = AtomicFile.create(target)) {
            long n;
            try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                n = in.transferTo(out);
                out.flush();
            }
            file.commit();
            return n;
        }
    }

    /**
     * Several files of one or more directories with one round of syncs: every temporary file is written, all are
     * fsynced together (the file system can commit them in one journal transaction), renamed into place, and each
     * directory is fsynced once.
     */
    public static void writeAll(Map<Path, byte[]> files, Set<PosixFilePermission> mode) throws IOException {
        List<AtomicFile> pending = new ArrayList<>();
        try {
            for (Map.Entry<Path, byte[]> f : files.entrySet()) {
                AtomicFile file = AtomicFile.create(f.getKey(), mode);
                pending.add(file);
                Files.write(file.path(), f.getValue(), StandardOpenOption.WRITE);
            }
            syncAll(pending);
            Set<Path> dirs = new LinkedHashSet<>();
            for (AtomicFile file : pending) {
                rename(file.path(), file.target());
                file.markCommitted();
                dirs.add(file.target().getParent());
            }
            for (Path dir : dirs) {
                syncDirectory(dir);
            }
        } finally {
            for (AtomicFile file : pending) {
                file.close();
            }
        }
    }

    private static void syncAll(List<AtomicFile> files) throws IOException {
        try {
            files.parallelStream().forEach(f -> {
                try {
                    f.sync();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * For a file the caller wrote and fsynced itself under a temporary name of the same directory (an image
     * download, say): rename it over {@code target} and fsync the directory.
     */
    public static void moveIntoPlace(Path written, Path target) throws IOException {
        rename(written, target);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Gives {@code source}'s bytes a second name: a hard link (or, where links are not supported, a copy) made
     * under a temporary name and renamed over {@code target}. Like {@link AtomicFile#commitInBatch()}, the
     * directory is left to a later commit.
     */
    public static void linkOrCopy(Path source, Path target) throws IOException {
        try (AtomicFile file = AtomicFile.create(target)) {
            Files.delete(file.path());
            try {
                Files.createLink(file.path(), source);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(source, file.path(), StandardCopyOption.REPLACE_EXISTING);
                file.sync(); // a copy is new data, unlike a link
            }
            rename(file.path(), file.target());
            file.markCommitted();
        }
    }

    static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** fsync of a directory: the renames in it so far become durable. */
    public static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename itself is still atomic
        }
    }
}
