package org.novalab.disk.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.novalab.disk.DiskException;

/**
 * A new image written under a hidden temporary name in its final directory (so relative backing file names
 * resolve the same), fsynced and renamed into place by {@link #commit()}. Closing without commit deletes it:
 * a failed or interrupted qemu-img never leaves a file under the final name.
 */
final class TempTarget implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private boolean committed;

    TempTarget(Path target) {
        this.target = target;
        Path dir = target.toAbsolutePath().getParent();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.temp = dir.resolve("." + target.getFileName() + ".novalab-" + suffix);
    }

    /** Where qemu-img writes: same directory as the target, hidden name. */
    Path path() {
        return temp;
    }

    void commit() {
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(temp.getParent());
            committed = true;
        } catch (IOException e) {
            throw new DiskException("cannot move the new image into place as " + target + ": " + e.getMessage(), e);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new DiskException("cannot delete the unfinished image " + temp + ": " + e.getMessage(), e);
            }
        }
    }
}
