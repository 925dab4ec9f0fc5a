package org.novalab.compute.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.novalab.io.FileTrees;

/**
 * Where snapshots are staged before their upload: Nova's {@code snapshots_directory}, {@code <instances>/snapshots},
 * one directory per snapshot. Nothing there outlives its upload; after a restart what is there is a dead upload's.
 */
public final class SnapshotFiles {
    private final Path root;

    public SnapshotFiles(Path instancesDir) {
        this.root = instancesDir.resolve("snapshots");
    }

    /** A fresh directory for the snapshot of one image, and the file's name in it. */
    public Path stage(String imageId) {
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, "tmp").resolve(imageId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage a snapshot under " + root, e);
        }
    }

    /** The staged file and its directory go. */
    public void remove(Path staged) {
        removeStaged(staged);
    }

    /** The staged file of {@link #stage} and its directory go (after its upload, on the host that staged it). */
    public static void removeStaged(Path staged) {
        delete(staged.getParent());
    }

    /** After a restart: every staged snapshot is a dead upload's. */
    public void clearLeftovers() {
        if (Files.isDirectory(root)) {
            delete(root);
        }
    }

    private static void delete(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staged snapshot " + dir, e);
        }
    }
}
