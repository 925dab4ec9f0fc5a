package org.novalab.disk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.chain.ImageChain;

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

    /**
     * {@code qemu-img info --backing-chain}: the image first, then each backing file down to the base, as QEMU
     * resolves them (a relative name is relative to the file that names it). Needs no passphrase.
     */
    default List<ImageInfo> backingChain(Path image) {
        List<ImageInfo> chain = new ArrayList<>();
        Path p = image.toAbsolutePath().normalize();
        while (p != null) {
            if (chain.size() == ImageChain.MAX_DEPTH) {
                throw new CorruptImage("'" + image + "': backing chain deeper than " + ImageChain.MAX_DEPTH);
            }
            ImageInfo info = info(p).withFilename(p.toString());
            chain.add(info);
            p = info.backingFilename() == null ? null : ImageChain.resolveBacking(p, info.backingFilename()).normalize();
        }
        return chain;
    }

    CheckReport check(Path image, KeyLookup keys);

    void resize(Path image, long newSize, KeyLookup keys);

    List<MapEntry> map(Path image, KeyLookup keys);
}
