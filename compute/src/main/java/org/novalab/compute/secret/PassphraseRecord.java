package org.novalab.compute.secret;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the passphrase table: the passphrase of one encrypted disk, AES-GCM ciphertext under the master key
 * (12-byte nonce then ciphertext and tag). Never the plaintext.
 */
public record PassphraseRecord(UUID id, UUID instanceUuid, String diskPath, UUID secretUuid, byte[] ciphertext,
                               Instant created) {
    public PassphraseRecord {
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public String toString() {
        return "PassphraseRecord[id=" + id + ", instance=" + instanceUuid + ", disk=" + diskPath + ", secret="
                + secretUuid + ", created=" + created + "]";
    }
}
