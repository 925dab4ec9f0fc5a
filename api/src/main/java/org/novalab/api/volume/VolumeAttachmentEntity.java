package org.novalab.api.volume;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A volume attached (or being attached) to a server: Cinder's attachment and Nova's block device mapping, which in
 * one process are one fact. {@code attachStatus} is Cinder's: {@code attaching}, {@code attached}, {@code detaching}.
 */
@Entity
@Table(name = "volume_attachments")
public class VolumeAttachmentEntity {
    @Id
    String id;
    @Column(name = "volume_id", nullable = false)
    String volumeId;
    @Column(name = "instance_uuid", nullable = false)
    String instanceUuid;
    @Column(name = "bdm_uuid", nullable = false)
    String bdmUuid;
    @Column(nullable = false)
    String host;
    @Column(nullable = false)
    String mountpoint;
    @Column(name = "attach_status", nullable = false)
    String attachStatus;
    @Column(name = "attach_mode", nullable = false)
    String attachMode;
    String tag;
    @Column(name = "delete_on_termination", nullable = false)
    boolean deleteOnTermination;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "attached_at")
    Instant attachedAt;

    protected VolumeAttachmentEntity() {
    }

    VolumeAttachment value() {
        return new VolumeAttachment(id, volumeId, instanceUuid, bdmUuid, host, mountpoint, attachStatus, tag,
                deleteOnTermination, createdAt, attachedAt);
    }
}
