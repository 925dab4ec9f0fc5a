-- Passphrase rows as compute's vault keeps them: one per encrypted disk, found by its libvirt secret uuid,
-- AES-GCM ciphertext (base64) bound to (instance, disk, secret). The master key stays outside the database.
DROP TABLE passphrases;

CREATE TABLE passphrases (
    id            VARCHAR(36)              PRIMARY KEY,
    instance_uuid VARCHAR(36)              NOT NULL,
    disk_path     VARCHAR(1024)            NOT NULL,
    secret_uuid   VARCHAR(36)              NOT NULL,
    ciphertext    VARCHAR(2048)            NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_passphrases_secret UNIQUE (secret_uuid),
    CONSTRAINT fk_passphrases_instance FOREIGN KEY (instance_uuid) REFERENCES instances (uuid) ON DELETE CASCADE
);
CREATE INDEX ix_passphrases_instance ON passphrases (instance_uuid);
