package org.novalab.api.volume;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** A volume snapshot's record, as Cinder's snapshots table: whose, of which volume, its size then, its status. */
@Entity
@Table(name = "volume_snapshots")
public class SnapshotEntity {
    @Id
    String id;
    @Column(name = "project_id", nullable = false)
    String projectId;
    @Column(name = "user_id", nullable = false)
    String userId;
    @Column(name = "volume_id", nullable = false)
    String volumeId;
    String name;
    String description;
    @Column(nullable = false)
    String status;
    @Column(name = "volume_size", nullable = false)
    int volumeSize;
    @Column(nullable = false)
    String metadata;
    @Column(name = "error_reason")
    String errorReason;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;

    protected SnapshotEntity() {
    }

    SnapshotEntity(String id, VolumeEntity volume, String userId, Instant now) {
        this.id = id;
        this.projectId = volume.projectId;
        this.userId = userId;
        this.volumeId = volume.id;
        this.volumeSize = volume.sizeGb;
        this.createdAt = now;
        this.status = SnapshotStatus.CREATING.wire();
        this.metadata = "{}";
    }

    Map<String, String> metadata() {
        return StringMapColumn.decode(metadata);
    }

    void setMetadata(Map<String, String> m) {
        metadata = StringMapColumn.encode(m);
    }

    SnapshotStatus status() {
        return SnapshotStatus.of(status);
    }

    /** The snapshot's name in the volume's backend (Cinder's RBD driver: {@code snapshot-<id>}). */
    String backendName() {
        return org.novalab.compute.volume.VolumeBackend.snapshotName(id);
    }
}
