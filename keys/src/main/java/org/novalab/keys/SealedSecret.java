package org.novalab.keys;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A secret as it is stored: AES-GCM ciphertext under the key-encryption key (12-byte nonce, then ciphertext and
 * tag), never the plaintext.
 *
 * @param legacyDiskPath for a row sealed before secrets had owners (schema V2): the disk path its ciphertext is
 *                       bound to; empty for every row sealed since
 */
public record SealedSecret(UUID id, SecretOwner owner, byte[] ciphertext, Optional<String> legacyDiskPath,
                           Instant created) {
    public SealedSecret {
        ciphertext = ciphertext.clone();
        legacyDiskPath = legacyDiskPath == null ? Optional.empty() : legacyDiskPath;
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public SecretMetadata metadata() {
        return new SecretMetadata(id, owner, created);
    }

    @Override
    public String toString() {
        return "SealedSecret[id=" + id + ", owner=" + owner + ", created=" + created + "]";
    }
}
