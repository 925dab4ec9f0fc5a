-- Cinder's volume types (extra specs as a JSON object, volume_backend_name choosing the store), their encryption
-- specs (one per type, as Cinder's volume_type_encryption), and the volumes. A volume names its passphrase by the
-- key manager's id (encryption_key_id, Cinder's column); the key row itself belongs to the volume as its owner.
CREATE TABLE volume_types (
    id          VARCHAR(36)              PRIMARY KEY,
    name        VARCHAR(255)             NOT NULL,
    description VARCHAR(255),
    is_public   BOOLEAN                  NOT NULL,
    extra_specs VARCHAR(8192)            NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_volume_types_name UNIQUE (name)
);

CREATE TABLE volume_type_encryption (
    volume_type_id   VARCHAR(36)              PRIMARY KEY,
    encryption_id    VARCHAR(36)              NOT NULL,
    provider         VARCHAR(255)             NOT NULL,
    cipher           VARCHAR(255),
    key_size         INTEGER,
    control_location VARCHAR(255)             NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_volume_type_encryption_type FOREIGN KEY (volume_type_id) REFERENCES volume_types (id)
        ON DELETE CASCADE
);

CREATE TABLE volumes (
    id                VARCHAR(36)              PRIMARY KEY,
    project_id        VARCHAR(64)              NOT NULL,
    user_id           VARCHAR(64)              NOT NULL,
    name              VARCHAR(255),
    description       VARCHAR(255),
    size_gb           INTEGER                  NOT NULL,
    status            VARCHAR(32)              NOT NULL,
    volume_type_id    VARCHAR(36)              NOT NULL,
    backend           VARCHAR(32)              NOT NULL,
    encryption_key_id VARCHAR(36),
    image_id          VARCHAR(36),
    bootable          BOOLEAN                  NOT NULL,
    metadata          VARCHAR(8192)            NOT NULL,
    error_reason      VARCHAR(1024),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_volumes_type FOREIGN KEY (volume_type_id) REFERENCES volume_types (id)
);
CREATE INDEX ix_volumes_project ON volumes (project_id);

-- Cinder's default type since Train: what a volume created without a type gets (the RBD pool, unencrypted).
INSERT INTO volume_types (id, name, description, is_public, extra_specs, created_at) VALUES
    ('82ae85ea-b9f8-4c3a-9cbf-3889b1311673', '__DEFAULT__', 'Default Volume Type', TRUE, '{}', CURRENT_TIMESTAMP);
