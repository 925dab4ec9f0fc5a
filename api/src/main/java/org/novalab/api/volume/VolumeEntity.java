package org.novalab.api.volume;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/**
 * A volume's record: who owns it, its size in GiB, Cinder's status, its type, the backend it lives on and, when
 * encrypted, the id of its passphrase in the key manager (never the passphrase).
 */
@Entity
@Table(name = "volumes")
public class VolumeEntity {
    @Id
    String id;
    @Column(name = "project_id", nullable = false)
    String projectId;
    @Column(name = "user_id", nullable = false)
    String userId;
    String name;
    String description;
    @Column(name = "size_gb", nullable = false)
    int sizeGb;
    @Column(nullable = false)
    String status;
    @Column(name = "volume_type_id", nullable = false)
    String volumeTypeId;
    @Column(nullable = false)
    String backend;
    @Column(name = "encryption_key_id")
    String encryptionKeyId;
    @Column(name = "image_id")
    String imageId;
    @Column(nullable = false)
    boolean bootable;
    @Column(name = "snapshot_id")
    String snapshotId;
    @Column(name = "source_volid")
    String sourceVolid;
    @Column(nullable = false)
    String metadata;
    @Column(name = "error_reason")
    String errorReason;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;

    protected VolumeEntity() {
    }

    VolumeEntity(String id, String projectId, String userId, Instant now) {
        this.id = id;
        this.projectId = projectId;
        this.userId = userId;
        this.createdAt = now;
        this.status = VolumeStatus.CREATING.wire();
        this.metadata = "{}";
    }

    Map<String, String> metadata() {
        return StringMapColumn.decode(metadata);
    }

    void setMetadata(Map<String, String> m) {
        metadata = StringMapColumn.encode(m);
    }

    VolumeStatus status() {
        return VolumeStatus.of(status);
    }

    @Override
    public String toString() {
        return "VolumeEntity[" + id + ", " + status + "]";
    }
}
