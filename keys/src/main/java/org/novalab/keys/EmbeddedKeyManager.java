package org.novalab.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Ciphers;

/**
 * novalab's own key manager: passphrases generated from {@link SecureRandom} (32 random bytes as base64 text, as
 * CloudStack makes them), sealed with AES-GCM under the {@link MasterKey} and bound to their id and owner as
 * associated data, kept in a {@link SealedSecretStore}. Any process given the same master key and store opens
 * every secret. Plaintext exists only in {@link Passphrase} objects the caller closes (off the heap) and, for the
 * microseconds of a seal or an open, in heap arrays zeroed right after; each cipher forgets the master key's
 * schedule when its call is done ({@link Ciphers#forgetKey}).
 */
public final class EmbeddedKeyManager implements KeyManager {
    private static final int RANDOM_BYTES = 32;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SealedSecretStore store;
    private final SecureRandom random;
    private final Clock clock;

    public EmbeddedKeyManager(SecretKey key, SealedSecretStore store, SecureRandom random, Clock clock) {
        this.key = key;
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    /** The lab's, the compute CLI's and tests' key manager: {@code master.key} and {@code passphrases.json} in a dir. */
    public static EmbeddedKeyManager inStateDir(Path stateDir) {
        SecureRandom random = new SecureRandom();
        return new EmbeddedKeyManager(MasterKey.loadOrCreate(stateDir.resolve(MasterKey.FILE_NAME), random),
                new FileSecretStore(stateDir.resolve("passphrases.json")), random, Clock.systemUTC());
    }

    @Override
    public NewSecret generate(SecretOwner owner) {
        return new NewSecret(UUID.randomUUID(), owner, randomPassphrase());
    }

    @Override
    public void store(NewSecret secret) {
        store.save(new SealedSecret(secret.id(), secret.owner(), seal(secret.passphrase(),
                bindingOf(secret.id(), secret.owner())), Optional.empty(), clock.instant()));
    }

    @Override
    public Passphrase get(UUID id) {
        return open(store.find(id).orElseThrow(() -> new ManagedSecretNotFound(id)));
    }

    @Override
    public void delete(UUID id) {
        if (!store.delete(id)) {
            throw new ManagedSecretNotFound(id);
        }
    }

    @Override
    public List<SecretMetadata> list(SecretOwner owner) {
        return store.byOwner(owner).stream().map(SealedSecret::metadata).toList();
    }

    /**
     * Refuses a master key that does not open the secrets already stored (another deployment's key, a key file
     * made anew by mistake): tried on the newest secret, before anything is sealed under the wrong key.
     */
    public void verifyMasterKey() {
        store.all().stream().max(Comparator.comparing(SealedSecret::created)).ifPresent(newest -> {
            try (Passphrase ignored = open(newest)) {
                // it opens: this is the key the secrets were sealed with
            } catch (KeyManagerException e) {
                throw new KeyManagerException("the master key does not open the passphrases in the store (secret "
                        + newest.id() + "): this is not the key they were sealed with", e);
            }
        });
    }

    /** What {@link #resealLegacySecrets()} did: how many it sealed again, and those it could not open. */
    public record Reseal(int resealed, List<UUID> unreadable) {
    }

    /**
     * Seals again, bound to id and owner, every secret stored before secrets had owners (schema V2 bound them to
     * instance, disk path and secret uuid). Run once at start-up; a row that does not open is left as it is and
     * reported, the others are sealed again.
     */
    public Reseal resealLegacySecrets() {
        int n = 0;
        List<UUID> unreadable = new ArrayList<>();
        for (SealedSecret s : store.all()) {
            if (s.legacyDiskPath().isEmpty()) {
                continue;
            }
            try (Passphrase p = open(s)) {
                store.save(new SealedSecret(s.id(), s.owner(), seal(p, bindingOf(s.id(), s.owner())),
                        Optional.empty(), s.created()));
                n++;
            } catch (KeyManagerException e) {
                unreadable.add(s.id());
            }
        }
        return new Reseal(n, List.copyOf(unreadable));
    }

    /** A fresh passphrase: 32 random bytes, base64-encoded (44 characters of text). */
    private Passphrase randomPassphrase() {
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

    private byte[] seal(Passphrase passphrase, byte[] binding) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] plain = passphrase.bytes();
        Cipher c = null;
        try {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(binding);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new KeyManagerException("cannot seal a passphrase: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
            forget(c);
        }
    }

    private Passphrase open(SealedSecret s) {
        byte[] blob = s.ciphertext();
        byte[] binding = s.legacyDiskPath().map(disk -> legacyBindingOf(s.id(), s.owner(), disk))
                .orElseGet(() -> bindingOf(s.id(), s.owner()));
        byte[] plain = null;
        Cipher c = null;
        try {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE));
            c.updateAAD(binding);
            plain = c.doFinal(blob, NONCE, blob.length - NONCE);
            return Passphrase.of(plain);
        } catch (GeneralSecurityException e) {
            throw new KeyManagerException("cannot decrypt the passphrase for secret " + s.id()
                    + " (wrong master key or tampered row)", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            forget(c);
        }
    }

    private static void forget(Cipher c) {
        if (c != null) {
            Ciphers.forgetKey(c);
        }
    }

    private static byte[] bindingOf(UUID id, SecretOwner owner) {
        return ("novalab secret\n" + id + "\n" + owner.kind().wireName() + "\n" + owner.id())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** What V2 bound a root disk's passphrase to: instance uuid, disk path, libvirt secret uuid. */
    private static byte[] legacyBindingOf(UUID id, SecretOwner owner, String diskPath) {
        return (owner.id() + "\n" + diskPath + "\n" + id).getBytes(StandardCharsets.UTF_8);
    }
}
