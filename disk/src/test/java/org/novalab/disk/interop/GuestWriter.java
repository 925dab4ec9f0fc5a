package org.novalab.disk.interop;

import java.nio.file.Path;
import org.novalab.disk.Passphrase;

/**
 * How a side of the matrix writes guest data into an image it created: novalab through its {@code BlockDevice},
 * qemu through {@code qemu-io} / {@code qemu-img convert -n}.
 */
interface GuestWriter {
    /** Writes {@link GuestEdits#EDITS} into {@code image}; {@code passphrase} is null for a plain image. */
    void applyEdits(Path image, Passphrase passphrase);

    /** Writes every byte of the raw file {@code source} into {@code image} from guest offset 0. */
    void fill(Path image, Passphrase passphrase, Path source);
}
