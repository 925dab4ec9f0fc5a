package org.novalab.lab;

/** How a case's disk is built: the seed's two methods, and the author's proposed verification on an encrypted base. */
public enum Recipe {
    /** Experiment A: {@code qemu-img create -f qcow2 -o backing_file=<plain base>,encryption=on}. */
    OVERLAY("backing-file overlay", false),
    /** Experiment B: {@code qemu-img convert -O qcow2 -o encryption=on <plain base>}. */
    CONVERT("convert of the base", false),
    /** The verification: an encrypted overlay on a base that was itself converted with a passphrase. */
    OVERLAY_ON_ENCRYPTED_BASE("overlay on encrypted base", true),
    /** The verification: the encrypted base converted again into an encrypted standalone image. */
    CONVERT_OF_ENCRYPTED_BASE("convert of encrypted base", true);

    private final String label;
    private final boolean encryptedBase;

    Recipe(String label, boolean encryptedBase) {
        this.label = label;
        this.encryptedBase = encryptedBase;
    }

    public String label() {
        return label;
    }

    /** True when the base image itself is encrypted (the author's proposed verification). */
    public boolean encryptedBase() {
        return encryptedBase;
    }

    /** True when the disk is an overlay whose unallocated clusters read through to a backing file. */
    public boolean overlay() {
        return this == OVERLAY || this == OVERLAY_ON_ENCRYPTED_BASE;
    }
}
