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
     * Every format in the chain is known, never probed ({@link ImageChain#openPinned}): a guest's data decides
     * nothing about how files are opened.
     *
     * @param format the top file's format, as its owner recorded it (the domain's driver type, a base's pinned one)
     * @throws PassphraseRequired when an encrypted layer has no key
     * @throws InvalidPassphrase  when a LUKS key is wrong (a wrong legacy AES key opens and reads garbage)
     * @throws UnsupportedImage   when a backing file is named without its format
     */
    public static BlockDevice open(Path image, ImageFormat format, KeyLookup keys, boolean writable) {
        return new ChainDevice(ImageChain.openPinned(image, format, keys, writable, true));
    }
}
