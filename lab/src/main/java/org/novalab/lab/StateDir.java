package org.novalab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.novalab.io.FileTrees;

/** The lab's working directory: a fresh temporary one (removed afterwards) or the one the user keeps. */
final class StateDir implements AutoCloseable {
    private final Path dir;
    private final boolean temporary;

    private StateDir(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    static StateDir kept(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("the lab's state dir must be new or empty: " + dir);
            }
        }
        return new StateDir(dir.toAbsolutePath().normalize(), false);
    }

    static StateDir temporary() throws IOException {
        return new StateDir(Files.createTempDirectory("novalab-lab-"), true);
    }

    Path path() {
        return dir;
    }

    /** What the report says about where the lab ran. */
    String describe() {
        return dir + (temporary ? " (temporary, removed afterwards; --state DIR keeps it)" : "");
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            FileTrees.delete(dir);
        }
    }
}
