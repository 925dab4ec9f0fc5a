package org.novalab.disk.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.novalab.disk.DiskException;
import org.novalab.io.AtomicFiles;

/** A new image file written through {@link AtomicFiles}, failing with qemu-img's words ("Could not create ..."). */
public final class NewImageFile {
    private NewImageFile() {
    }

    /** Writes a new image under a temporary name; a killed earlier run's temporary copy of it goes first. */
    public static void write(Path target, AtomicFiles.Writer writer) {
        try {
            AtomicFiles.reclaimAbandoned(target);
            AtomicFiles.write(target, writer);
        } catch (NoSuchFileException e) {
            throw new DiskException("Could not create '" + target + "': No such file or directory", e);
        } catch (FileAlreadyExistsException e) {
            throw new DiskException("Could not create '" + target + "': temporary file exists", e);
        } catch (IOException e) {
            throw new DiskException("Could not create '" + target + "': " + e.getMessage(), e);
        }
    }
}
