package org.novalab.api.volume;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A volume type's encryption spec (Cinder's {@code volume_type_encryption}): its volumes are LUKS. */
@Entity
@Table(name = "volume_type_encryption")
public class VolumeEncryptionEntity {
    @Id
    @Column(name = "volume_type_id")
    String volumeTypeId;
    @Column(name = "encryption_id", nullable = false)
    String encryptionId;
    @Column(nullable = false)
    String provider;
    String cipher;
    @Column(name = "key_size")
    Integer keySize;
    @Column(name = "control_location", nullable = false)
    String controlLocation;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;

    protected VolumeEncryptionEntity() {
    }

    VolumeEncryptionEntity(String volumeTypeId, String encryptionId, VolumeEncryption spec, Instant now) {
        this.volumeTypeId = volumeTypeId;
        this.encryptionId = encryptionId;
        this.createdAt = now;
        set(spec);
    }

    void set(VolumeEncryption spec) {
        provider = spec.provider();
        cipher = spec.cipher();
        keySize = spec.keySize();
        controlLocation = spec.controlLocation();
    }

    VolumeEncryption spec() {
        return new VolumeEncryption(provider, cipher, keySize, controlLocation);
    }
}
