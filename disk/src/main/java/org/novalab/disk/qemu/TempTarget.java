package org.novalab.disk.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.novalab.disk.DiskException;
import org.novalab.io.AtomicFile;
import org.novalab.io.AtomicFiles;

/**
 * The new image qemu-img writes: an {@link AtomicFile} in the target's directory (so relative backing file names
 * resolve the same), renamed into place by {@link #commit()}. Closing without commit deletes it: a failed or
 * interrupted qemu-img never leaves a file under the final name.
 */
final class TempTarget implements AutoCloseable {
    private final AtomicFile file;

    TempTarget(Path target) {
        try {
            AtomicFiles.reclaimAbandoned(target); // what a killed earlier qemu-img run on this target left
            file = AtomicFile.create(target);
            // qemu-img creates its output itself; an empty file in the way would only be overwritten
            Files.delete(file.path());
        } catch (IOException e) {
            throw new DiskException("Could not create '" + target + "': " + e.getMessage(), e);
        }
    }

    /** Where qemu-img writes: same directory as the target, hidden name. */
    Path path() {
        return file.path();
    }

    void commit() {
        try {
            file.commit();
        } catch (IOException e) {
            throw new DiskException("cannot move the new image into place as " + file.target() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new DiskException("cannot delete the unfinished image " + file.path() + ": " + e.getMessage(), e);
        }
    }
}
