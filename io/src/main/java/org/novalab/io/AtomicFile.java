package org.novalab.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One new file under construction: written under a hidden temporary name in the target's own directory (so a
 * relative backing file name resolves the same, and the rename stays on one file system), then {@link #commit()}:
 * fsync, rename over the final name, fsync the directory. Closing an uncommitted one deletes it: a failure never
 * leaves anything under the final name, and a crash at most the hidden temporary file, which nothing reads.
 */
public final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final Set<PosixFilePermission> mode;
    private boolean committed;

    private AtomicFile(Path target, Path temporary, Set<PosixFilePermission> mode) {
        this.target = target;
        this.temporary = temporary;
        this.mode = mode;
    }

    /** Creates the (empty) temporary file for {@code target} with the process's default mode (umask). */
    public static AtomicFile create(Path target) throws IOException {
        Path temporary = temporaryFor(target);
        Files.createFile(temporary);
        return new AtomicFile(target.toAbsolutePath(), temporary, null);
    }

    /**
     * Creates it readable by its owner only, whatever the umask, and gives it {@code mode} at the commit: what
     * holds a secret is never readable by others, not even for a moment.
     */
    public static AtomicFile create(Path target, Set<PosixFilePermission> mode) throws IOException {
        Path temporary = temporaryFor(target);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY));
        return new AtomicFile(target.toAbsolutePath(), temporary, Set.copyOf(mode));
    }

    /**
     * {@code .<name>.tmp-<pid>-<random>}: hidden, named after its target, and tagged with the writing process, so
     * what a dead writer left can be told from what a live one is writing ({@link AbandonedFiles}).
     */
    private static Path temporaryFor(Path target) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** Where the content goes until the commit. */
    public Path path() {
        return temporary;
    }

    public Path target() {
        return target;
    }

    /** fsync, rename into place, fsync the directory: from here on the file is durable under its final name. */
    public void commit() throws IOException {
        sync();
        AtomicFiles.moveIntoPlace(temporary, target);
        committed = true;
    }

    /**
     * fsync, then give the file its final name only if nothing has it yet (a hard link, which never replaces),
     * fsync the directory. Of two processes creating the same file at once, one wins; the other gets
     * {@link java.nio.file.FileAlreadyExistsException} and the winner's file stays untouched.
     */
    public void commitIfAbsent() throws IOException {
        sync();
        Files.createLink(target, temporary);
        Files.delete(temporary);
        committed = true;
        AtomicFiles.syncDirectory(target.getParent());
    }

    /**
     * fsync and rename into place, leaving the directory to a later {@link #commit()} in it: for a batch of files
     * (the data objects of an image) that one last file (its header) names; that commit's directory sync makes
     * every rename before it durable too.
     */
    public void commitInBatch() throws IOException {
        sync();
        AtomicFiles.rename(temporary, target);
        committed = true;
    }

    void sync() throws IOException {
        if (mode != null) {
            Files.setPosixFilePermissions(temporary, mode);
        }
        try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    void markCommitted() {
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temporary);
        }
    }
}
