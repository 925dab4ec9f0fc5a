package org.novalab.lab;

import java.util.List;

/** The lab's conclusion in plain words: why the seed saw what it saw. */
public final class Explanation {
    private Explanation() {
    }

    public static List<String> paragraphs() {
        return List.of(
                "Legacy qcow AES (encryption=on, crypt_method 1) derives its key from the password and stores nothing "
                        + "to check it against: a wrong password opens the image and decrypts to garbage.",
                "A fresh backing-file overlay has no allocated clusters. Every guest read falls through to the "
                        + "backing file in _base, which is NOT encrypted, so the guest boots with any secret "
                        + "(experiment A), and the OS image sits in plaintext on disk.",
                "convert copies every guest cluster into the new image and encrypts it. With the wrong key sector 0 "
                        + "decrypts to noise without the 55 AA signature: the firmware finds no bootable device "
                        + "(experiment B).",
                "LUKS (crypt_method 2) checks the passphrase against a key slot when QEMU opens the disk: the wrong "
                        + "one is refused with \"" + SeedCases.LUKS_WRONG_KEY + "\", for both methods.",
                "Once a guest writes to an overlay, those clusters are allocated in the overlay and encrypted with "
                        + "the key used at that time: read with another key they are garbage, while the clusters "
                        + "never written still read through to the plaintext base.",
                "The author's guess was right: encrypt the base too (the proposed verification) and the overlay no "
                        + "longer boots with just any secret.");
    }
}
