package org.novalab.lab;

import java.nio.file.Path;
import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.UnsupportedImage;

/**
 * Opens a guest's disk for the boot emulation the way the seed's QEMU (2.x) did: the key given for the disk also
 * unlocks an encrypted backing file that has no key of its own ({@code bdrv_set_key} recursed into encrypted
 * backing files). Only the author's verification has an encrypted backing file; for every other disk this is the
 * plain chain open.
 */
final class ChainKeyOpener implements GuestDiskOpener {
    @Override
    public org.novalab.disk.BlockDevice open(DiskDefinition disk, KeyLookup keys) {
        if (!(disk.source() instanceof DiskSource.File file)) {
            throw new UnsupportedImage("the lab only boots file disks, not " + disk.source());
        }
        Path top = file.path();
        return Disks.open(top, ImageFormat.fromQemuName(disk.driverType()), chain(keys, top), true);
    }

    /** {@code keys}, falling back to the top image's key for a layer that has none. */
    static KeyLookup chain(KeyLookup keys, Path top) {
        return image -> keys.passphraseFor(image).or(() -> keys.passphraseFor(top));
    }
}
