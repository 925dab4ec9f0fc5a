package org.novalab.disk;

import java.nio.file.Path;
import java.util.List;

/**
 * The qemu-img operations novalab needs, as a Java API. Two implementations: the pure-Java disk library, and
 * the real {@code qemu-img} binary run as a process (passphrases only through key files).
 * Every operation that writes a new file writes it under a temporary name and renames it into place.
 */
public interface DiskTool {
    void create(Path image, CreateOptions options);

    /** Copies every guest byte of {@code source} (through its chain) into a new standalone image. */
    void convert(Path source, ImageFormat sourceFormat, KeyLookup sourceKeys, Path target, CreateOptions options);

    ImageInfo info(Path image);

    CheckReport check(Path image, KeyLookup keys);

    void resize(Path image, long newSize, KeyLookup keys);

    List<MapEntry> map(Path image, KeyLookup keys);
}
