package org.novalab.api.identity.credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.novalab.disk.crypto.Ciphers;

/**
 * Seals credential blobs at rest, as Keystone does with its credential keys: AES-256-GCM under novalab's master key
 * (the key manager's key-encryption key, outside the database), each blob bound to what it belongs to (its kind of
 * row and the row's id) so that a sealed blob copied onto another row does not open. OAuth1 consumers' secrets are
 * sealed the same way.
 */
public final class CredentialSeal {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private final SecretKey key;
    private final SecureRandom random;

    public CredentialSeal(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    /** @param kind what the row is ("credential", "oauth1 consumer"), bound with its id into the ciphertext */
    public String seal(String kind, String id, String blob) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        Cipher c = null;
        try {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(binding(kind, id));
            byte[] sealed = c.doFinal(blob.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the secret of " + kind + " " + id, e);
        } finally {
            forget(c);
        }
    }

    public String open(String kind, String id, String sealed) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        Cipher c = null;
        try {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE));
            c.updateAAD(binding(kind, id));
            return new String(c.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // the message names the row only: never the blob
            throw new IllegalStateException("the secret of " + kind + " " + id
                    + " does not open under this master key (another key, or a changed row)", e);
        } finally {
            forget(c);
        }
    }

    private static byte[] binding(String kind, String id) {
        return ("novalab " + kind + "\n" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static void forget(Cipher c) {
        if (c != null) {
            Ciphers.forgetKey(c);
        }
    }
}
