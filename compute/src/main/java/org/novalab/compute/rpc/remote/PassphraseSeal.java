package org.novalab.compute.rpc.remote;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.novalab.disk.Passphrase;

/**
 * How a passphrase argument (a guest's new admin password, a libvirt secret's value) crosses the bus: sealed with
 * AES-256-GCM under a key derived from the deployment's master key, which every host of one deployment holds
 * (it opens the key manager's passphrases too). The broker, its queues and anything that logs a message see only
 * ciphertext. The seal is bound to the method it is an argument of, so it cannot be replayed as another argument.
 */
public final class PassphraseSeal {
    private static final byte[] LABEL = "novalab compute rpc passphrase seal v1".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE = 12;

    private final SecretKey key;
    private final SecureRandom random;

    private PassphraseSeal(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    /** The seal of the deployment whose master key is {@code masterKey} (HMAC-SHA256 of a fixed label). */
    public static PassphraseSeal fromMasterKey(SecretKey masterKey, SecureRandom random) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey.getEncoded(), "HmacSHA256"));
            byte[] derived = mac.doFinal(LABEL);
            try {
                return new PassphraseSeal(new SecretKeySpec(derived, "AES"), random);
            } finally {
                Arrays.fill(derived, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** base64 of nonce and ciphertext. */
    String seal(Passphrase value, String method) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] plain = value.bytes();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(method.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a passphrase argument", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The passphrase; a seal of another deployment or another method is refused, with no detail of it. */
    Passphrase open(String sealed, String method) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a sealed passphrase argument is not base64");
        }
        if (in.length < NONCE + 16) {
            throw new IllegalArgumentException("a sealed passphrase argument is too short");
        }
        byte[] plain = null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE));
            c.updateAAD(method.getBytes(StandardCharsets.UTF_8));
            plain = c.doFinal(in, NONCE, in.length - NONCE);
            return Passphrase.of(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a sealed passphrase argument does not open under this deployment's "
                    + "master key");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
