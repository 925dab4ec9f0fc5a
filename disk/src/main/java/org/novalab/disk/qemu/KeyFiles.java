package org.novalab.disk.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.Passphrase;

/**
 * The key files of one qemu-img invocation, each with its secret object id ({@code sec0}, {@code sec1}, ...).
 * Closing deletes them all, even if deleting one fails.
 */
final class KeyFiles implements AutoCloseable {
    private final Path base;
    private final List<KeyFile> files = new ArrayList<>();
    private final List<SecretObject> objects = new ArrayList<>();

    KeyFiles(Path base) {
        this.base = base;
    }

    /** Writes the passphrase to a new key file and returns the secret object that names it. */
    SecretObject add(Passphrase passphrase) {
        KeyFile file = KeyFile.write(base, passphrase);
        files.add(file);
        SecretObject object = new SecretObject("sec" + objects.size(), file.path());
        objects.add(object);
        return object;
    }

    List<SecretObject> objects() {
        return List.copyOf(objects);
    }

    String scrub(String text) {
        String out = text;
        for (KeyFile file : files) {
            out = file.scrub(out);
        }
        return out;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (KeyFile file : files) {
            try {
                file.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
