package org.novalab.storage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.novalab.cli.Console;

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
        Path target = Path.of(file).toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            long n;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                n = in.transferTo(out);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static InputStream open(String file, Console console) throws IOException {
        return file.equals("-") ? console.in() : Files.newInputStream(Path.of(file));
    }
}
