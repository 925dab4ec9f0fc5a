package org.novalab.compute.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.novalab.disk.Passphrase;

/**
 * Passphrases of encrypted disks: generated from {@link SecureRandom} (32 random bytes, base64 text, as CloudStack
 * does), stored AES-GCM encrypted under the {@link MasterKey}, bound to their row (instance, disk, secret uuid) as
 * associated data so a ciphertext moved to another row does not decrypt. Plaintext only in {@link Passphrase}
 * objects the caller closes.
 */
public final class PassphraseVault {
    private static final int RANDOM_BYTES = 32;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final PassphraseRepository rows;
    private final SecureRandom random;

    public PassphraseVault(SecretKey key, PassphraseRepository rows, SecureRandom random) {
        this.key = key;
        this.rows = rows;
        this.random = random;
    }

    /** The lab's and tests' vault: master key and a JSON passphrase table under {@code stateDir}. */
    public static PassphraseVault inStateDir(Path stateDir) {
        SecureRandom random = new SecureRandom();
        return new PassphraseVault(MasterKey.loadOrCreate(stateDir, random),
                new FilePassphraseRepository(stateDir.resolve("passphrases.json")), random);
    }

    /** A fresh passphrase: 32 random bytes, base64-encoded (44 characters of text). */
    public Passphrase generate() {
        byte[] raw = new byte[RANDOM_BYTES];
        random.nextBytes(raw);
        byte[] text = Base64.getEncoder().encode(raw);
        try {
            return Passphrase.of(text);
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    public PassphraseRecord store(UUID instance, Path disk, UUID secretUuid, Passphrase passphrase) {
        UUID id = UUID.randomUUID();
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] plain = passphrase.bytes();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(instance, disk.toString(), secretUuid));
            byte[] sealed = c.doFinal(plain);
            byte[] out = ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
            PassphraseRecord record = new PassphraseRecord(id, instance, disk.toString(), secretUuid, out, Instant.now());
            rows.save(record);
            return record;
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot encrypt the passphrase of " + disk + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The passphrase behind a libvirt secret uuid; the caller closes it. */
    public Passphrase reveal(UUID secretUuid) {
        PassphraseRecord r = rows.findBySecret(secretUuid).orElseThrow(
                () -> new SecretNotFound("no stored passphrase for secret " + secretUuid));
        byte[] blob = r.ciphertext();
        byte[] plain = null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE));
            c.updateAAD(aad(r.instanceUuid(), r.diskPath(), r.secretUuid()));
            plain = c.doFinal(blob, NONCE, blob.length - NONCE);
            return Passphrase.of(plain);
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot decrypt the passphrase for secret " + secretUuid
                    + " (wrong master key or tampered row)", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    public List<PassphraseRecord> rowsOf(UUID instance) {
        return rows.findByInstance(instance);
    }

    /** Deletes the instance's passphrases; returns how many rows went. */
    public int forget(UUID instance) {
        return rows.deleteByInstance(instance);
    }

    private static byte[] aad(UUID instance, String disk, UUID secret) {
        return (instance + "\n" + disk + "\n" + secret).getBytes(StandardCharsets.UTF_8);
    }
}
