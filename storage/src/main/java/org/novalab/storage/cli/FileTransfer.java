package org.novalab.storage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.novalab.cli.Console;
import org.novalab.io.AtomicFiles;

/** Copies to a local file the safe way (temp name, fsync, rename), or to stdout for {@code -}. */
final class FileTransfer {
    private FileTransfer() {
    }

    static long save(InputStream in, String file, Console console) throws IOException {
        if (file.equals("-")) {
            long n = in.transferTo(console.out());
            console.out().flush();
            return n;
        }
        return AtomicFiles.copy(in, Path.of(file));
    }

    static InputStream open(String file, Console console) throws IOException {
        return file.equals("-") ? console.in() : Files.newInputStream(Path.of(file));
    }
}
