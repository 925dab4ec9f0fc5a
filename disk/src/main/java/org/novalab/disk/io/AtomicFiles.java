package org.novalab.disk.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.novalab.disk.DiskException;

/**
 * New files appear complete or not at all: they are written under a temporary name in the target's directory,
 * fsynced, renamed over the final name and the directory fsynced. A failed write leaves no partial file behind.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that fills a freshly created temporary file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temporary);
    }

    public static void write(Path target, Writer writer) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new DiskException("Could not create '" + target + "': No such file or directory");
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        boolean done = false;
        try {
            Files.createFile(temporary);
            writer.write(temporary);
            try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
            done = true;
        } catch (FileAlreadyExistsException e) {
            throw new DiskException("Could not create '" + target + "': temporary file exists", e);
        } catch (IOException e) {
            throw new DiskException("Could not create '" + target + "': " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the original failure matters more than the clean-up's
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
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
