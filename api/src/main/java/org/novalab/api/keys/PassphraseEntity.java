package org.novalab.api.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One sealed passphrase of the key manager (CloudStack's {@code passphrase} table): the secret's id (for a disk,
 * also its libvirt secret's uuid), its owner, the ciphertext (base64). Never the plaintext; the master key stays
 * outside the database.
 */
@Entity
@Table(name = "passphrases")
public class PassphraseEntity {
    @Id
    String id;
    @Column(name = "owner_type", nullable = false)
    String ownerType;
    @Column(name = "owner_id", nullable = false)
    String ownerId;
    @Column(nullable = false)
    String ciphertext;
    /** Rows sealed before secrets had owners: the disk path their ciphertext is bound to (null once sealed again). */
    @Column(name = "legacy_disk_path")
    String legacyDiskPath;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected PassphraseEntity() {
    }

    PassphraseEntity(String id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "PassphraseEntity[" + id + ", " + ownerType + " " + ownerId + ", ciphertext hidden]";
    }
}
