package org.novalab.api.compute;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One passphrase row: ciphertext only (base64), sealed by compute's vault; foreign key to the instance. */
@Entity
@Table(name = "passphrases")
public class PassphraseEntity {
    @Id
    String id;
    @Column(name = "instance_uuid", nullable = false)
    String instanceUuid;
    @Column(name = "disk_path", nullable = false)
    String diskPath;
    @Column(name = "secret_uuid", nullable = false)
    String secretUuid;
    @Column(nullable = false)
    String ciphertext;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected PassphraseEntity() {
    }

    PassphraseEntity(String id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "PassphraseEntity[" + id + ", instance " + instanceUuid + ", ciphertext hidden]";
    }
}
