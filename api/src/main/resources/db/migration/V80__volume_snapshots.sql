-- Cinder's snapshots of volumes (its snapshots table: volume_size is the volume's size when taken), and where a
-- volume came from: a snapshot (snapshot_id) or another volume (source_volid), both clones that share its data.
CREATE TABLE volume_snapshots (
    id           VARCHAR(36)              PRIMARY KEY,
    project_id   VARCHAR(64)              NOT NULL,
    user_id      VARCHAR(64)              NOT NULL,
    volume_id    VARCHAR(36)              NOT NULL,
    name         VARCHAR(255),
    description  VARCHAR(255),
    status       VARCHAR(32)              NOT NULL,
    volume_size  INTEGER                  NOT NULL,
    metadata     VARCHAR(8192)            NOT NULL,
    error_reason VARCHAR(1024),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_volume_snapshots_volume FOREIGN KEY (volume_id) REFERENCES volumes (id)
);
CREATE INDEX ix_volume_snapshots_volume ON volume_snapshots (volume_id);
CREATE INDEX ix_volume_snapshots_project ON volume_snapshots (project_id);

ALTER TABLE volumes ADD COLUMN snapshot_id VARCHAR(36);
ALTER TABLE volumes ADD COLUMN source_volid VARCHAR(36);
