-- A volume's attachment to a server: Cinder's volume_attachment row and Nova's block device mapping in one (both
-- name the same fact in one process): the attachment's id (Nova 2.89 attachment_id), the mapping's uuid (bdm_uuid),
-- the device the guest sees, and Nova's tag and delete_on_termination. One attachment per volume (no multiattach).
CREATE TABLE volume_attachments (
    id                    VARCHAR(36)              PRIMARY KEY,
    volume_id             VARCHAR(36)              NOT NULL,
    instance_uuid         VARCHAR(36)              NOT NULL,
    bdm_uuid              VARCHAR(36)              NOT NULL,
    host                  VARCHAR(255)             NOT NULL,
    mountpoint            VARCHAR(255)             NOT NULL,
    attach_status         VARCHAR(32)              NOT NULL,
    attach_mode           VARCHAR(8)               NOT NULL,
    tag                   VARCHAR(60),
    delete_on_termination BOOLEAN                  NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    attached_at           TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_volume_attachments_volume FOREIGN KEY (volume_id) REFERENCES volumes (id),
    CONSTRAINT uq_volume_attachments_volume UNIQUE (volume_id),
    CONSTRAINT uq_volume_attachments_device UNIQUE (instance_uuid, mountpoint)
);
CREATE INDEX ix_volume_attachments_instance ON volume_attachments (instance_uuid);
