package org.novalab.compute.boot;

import org.novalab.compute.domain.DiskDefinition;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.KeyLookup;

/**
 * Opens a domain's disk the way QEMU's block layer would: through the whole backing chain, decrypting with the
 * keys given, writable. Throws the disk library's errors ({@code InvalidPassphrase}, {@code PassphraseRequired} ...).
 */
@FunctionalInterface
public interface GuestDiskOpener {
    BlockDevice open(DiskDefinition disk, KeyLookup keys);
}
