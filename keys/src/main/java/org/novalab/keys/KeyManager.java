package org.novalab.keys;

import java.util.List;
import java.util.UUID;
import org.novalab.disk.Passphrase;

/**
 * Where the passphrases of encrypted disks live, shaped like OpenStack's Castellan key manager: a secret is
 * created for an owner, fetched and deleted by its id. The id doubles as the libvirt secret's uuid, so a host can
 * find the passphrase behind any {@code <secret type='passphrase' uuid='…'/>} of a domain. Owners are what the
 * passphrase encrypts (an instance's root disk, a volume, an image), never an instance row: a volume's key
 * outlives the instance it was attached to.
 */
public interface KeyManager {
    /**
     * Castellan's {@code create_key}: a fresh random passphrase for {@code owner}, stored before this returns.
     * The caller closes the returned value (it zeroes the passphrase).
     */
    default NewSecret create(SecretOwner owner) {
        NewSecret secret = generate(owner);
        try {
            store(secret);
            return secret;
        } catch (RuntimeException e) {
            secret.close();
            throw e;
        }
    }

    /**
     * The first half of {@link #create}: a fresh random passphrase and its id, not stored yet, so a caller can
     * store it ({@link #store}) while it builds the disk the passphrase encrypts. Nothing touches a disk here.
     */
    NewSecret generate(SecretOwner owner);

    /** Castellan's {@code store}: seals and keeps a secret made by {@link #generate}; durable when this returns. */
    void store(NewSecret secret);

    /** Castellan's {@code get}: the passphrase; the caller closes it. */
    Passphrase get(UUID id);

    /** Castellan's {@code delete}; {@link ManagedSecretNotFound} when there is no such secret. */
    void delete(UUID id);

    /** Castellan's {@code list(metadata_only=True)} for one owner: ids and owners, never values. */
    List<SecretMetadata> list(SecretOwner owner);

    /** A secret just made: its id, owner and value. */
    record NewSecret(UUID id, SecretOwner owner, Passphrase passphrase) implements AutoCloseable {
        @Override
        public void close() {
            passphrase.close();
        }
    }
}
