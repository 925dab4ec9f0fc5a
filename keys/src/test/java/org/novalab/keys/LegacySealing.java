package org.novalab.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Test support: a passphrase sealed the way novalab's passphrase vault sealed it before secrets had owners
 * (schema V2, {@code passphrases.json} of that version): AES-GCM bound to "instance, disk path, secret uuid".
 */
public final class LegacySealing {
    private LegacySealing() {
    }

    public static byte[] seal(SecretKey key, UUID instance, String diskPath, UUID secret, String passphrase) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD((instance + "\n" + diskPath + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            byte[] out = c.doFinal(passphrase.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(12 + out.length).put(nonce).put(out).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
