package org.novalab.disk.qemu;

import java.nio.file.Path;
import java.util.List;

/**
 * A QEMU {@code secret} object whose value is read from a key file, never given inline: the rendered flag
 * ({@code --object secret,id=ID,file=PATH,format=raw}) is what {@code ps} shows, so it carries a path, not data.
 */
public record SecretObject(String id, Path file) {
    public SecretObject {
        if (id == null || !id.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("a QEMU object id starts with a letter and has no separators: " + id);
        }
    }

    /** The value of {@code --object}. */
    public String render() {
        return "secret,id=" + id + ",file=" + QemuOptionValue.escape(file.toString()) + ",format=raw";
    }

    public List<String> flags() {
        return List.of("--object", render());
    }
}
