package org.novalab.lab;

import java.util.Optional;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.KeyLookup;

/**
 * The server's guest disk opener ({@link ChainGuestDisks}) with one difference, the seed's QEMU (2.x): the key given
 * for the disk also unlocks an encrypted backing file that has no key of its own ({@code bdrv_set_key} recursed into
 * encrypted backing files). Only the author's verification has an encrypted backing file; for every other disk this
 * is exactly the server's open.
 */
final class ChainKeyOpener implements GuestDiskOpener {
    private final GuestDiskOpener server = new ChainGuestDisks(Optional.empty());

    @Override
    public BlockDevice open(DiskDefinition disk, KeyLookup keys) {
        if (disk.source() instanceof DiskSource.File file) {
            return server.open(disk, chain(keys, file.path()));
        }
        return server.open(disk, keys);
    }

    /** {@code keys}, falling back to the top image's key for a layer that has none. */
    static KeyLookup chain(KeyLookup keys, java.nio.file.Path top) {
        return image -> keys.passphraseFor(image).or(() -> keys.passphraseFor(top));
    }
}
