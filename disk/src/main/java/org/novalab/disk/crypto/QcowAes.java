package org.novalab.disk.crypto;

import java.util.Arrays;
import org.novalab.disk.Passphrase;

/**
 * The legacy qcow/qcow2 encryption ({@code crypt_method 1}, {@code encrypt.format=aes}, what {@code encryption=on}
 * meant): AES-128-CBC per sector with the plain64 IV. The key is the passphrase itself, as a C string (up to its
 * first NUL byte), cut to 16 bytes or zero-padded to 16. Nothing in the image can check the key, so a wrong
 * passphrase "opens" the image and decrypts to garbage, exactly as QEMU behaves.
 */
public final class QcowAes {
    private static final int KEY_BYTES = 16;

    private QcowAes() {
    }

    /** The sector cipher for this passphrase; sector numbers are guest offsets / 512, as QEMU counts them. */
    public static SectorCipher cipher(Passphrase passphrase) {
        byte[] key = key(passphrase);
        try {
            return new AesCbcSectors(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The AES-128 key QEMU derives from the passphrase; the caller zeroes it. */
    static byte[] key(Passphrase passphrase) {
        byte[] secret = passphrase.bytes();
        byte[] key = new byte[KEY_BYTES];
        try {
            int length = 0;
            while (length < secret.length && length < KEY_BYTES && secret[length] != 0) {
                length++;
            }
            System.arraycopy(secret, 0, key, 0, length);
            return key;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
