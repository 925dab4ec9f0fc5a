package org.novalab.disk;

import java.nio.file.Path;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.chain.ImageChain;

/** Entry points of the pure-Java disk library for other modules. */
public final class Disks {
    private Disks() {
    }

    /** The qemu-img operations implemented in Java (no qemu needed). */
    public static DiskTool java() {
        return new JavaDiskTool();
    }

    /**
     * Opens the guest view of {@code image} through its whole backing chain, decrypting each layer with the key
     * {@code keys} gives for its file. Writes allocate (and encrypt) in the top file only.
     *
     * Metadata changes reach the file on {@link BlockDevice#flush()} and {@link BlockDevice#close()} (like a
     * guest's write cache). Keep one writable device per file: novalab takes no file locks.
     *
     * @param formatOrNull the top file's format, or null to probe (qcow2 magic, LUKS magic, else raw)
     * @throws PassphraseRequired when an encrypted layer has no key
     * @throws InvalidPassphrase  when a LUKS key is wrong (a wrong legacy AES key opens and reads garbage)
     */
    public static BlockDevice open(Path image, ImageFormat formatOrNull, KeyLookup keys, boolean writable) {
        return new ChainDevice(ImageChain.open(image, formatOrNull, keys, writable, true));
    }
}
