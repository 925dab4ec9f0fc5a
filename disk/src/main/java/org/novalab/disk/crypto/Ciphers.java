package org.novalab.disk.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** What the JDK lets a caller do about the key an initialised {@link Cipher} keeps. */
public final class Ciphers {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** All zeros: a key no secret depends on, only ever used to overwrite a real one. */
    private static final byte[] THROWAWAY = new byte[16];

    private Ciphers() {
    }

    /**
     * Makes an initialised AES cipher forget its key, as far as the JDK allows: {@code javax.crypto} has no way to
     * destroy a cipher's key schedule, but SunJCE's AES zeroes the old round keys and its copy of the old key when
     * the cipher is initialised with another key (checked on JDK 17.0.15: {@code AESCrypt.init} and
     * {@code makeSessionKey}). So it is initialised once more, with an all-zero key; the cipher is of no use
     * afterwards. {@code CipherKeyLifetimeTest} checks on the running JDK that no trace of the key is left.
     */
    public static void forgetKey(Cipher cipher) {
        SecretKeySpec throwaway = new SecretKeySpec(THROWAWAY, "AES");
        String mode = cipher.getAlgorithm().toUpperCase(java.util.Locale.ROOT);
        try {
            if (mode.contains("/GCM/")) {
                byte[] nonce = new byte[12];
                RANDOM.nextBytes(nonce); // GCM refuses a key and nonce pair it used before
                cipher.init(Cipher.ENCRYPT_MODE, throwaway, new GCMParameterSpec(128, nonce));
            } else if (mode.contains("/ECB/") || !mode.contains("/")) {
                cipher.init(Cipher.ENCRYPT_MODE, throwaway);
            } else {
                cipher.init(Cipher.ENCRYPT_MODE, throwaway, new IvParameterSpec(new byte[cipher.getBlockSize()]));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-key " + cipher.getAlgorithm() + " to forget its key", e);
        }
    }
}
