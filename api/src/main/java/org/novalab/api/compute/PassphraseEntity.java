package org.novalab.api.compute;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An instance disk's passphrase, encrypted by compute's vault before it gets here (base64 ciphertext). */
@Entity
@Table(name = "passphrases")
public class PassphraseEntity {
    @Id
    @Column(name = "instance_uuid")
    private String instanceUuid;
    @Column(nullable = false)
    private String ciphertext;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PassphraseEntity() {
    }

    public PassphraseEntity(String instanceUuid, String ciphertext, Instant createdAt) {
        this.instanceUuid = instanceUuid;
        this.ciphertext = ciphertext;
        this.createdAt = createdAt;
    }

    public String instanceUuid() {
        return instanceUuid;
    }

    public String ciphertext() {
        return ciphertext;
    }

    @Override
    public String toString() {
        return "PassphraseEntity[" + instanceUuid + ", ciphertext hidden]";
    }
}
