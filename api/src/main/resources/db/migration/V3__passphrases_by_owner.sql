-- The key manager's table: a sealed passphrase belongs to an owner (an instance's root disk, a volume, an image),
-- not to an instance row, so it can outlive the instance it was made for. Its id is the secret's id, which for a
-- disk is also the libvirt secret's uuid. Rows of V2 keep their ciphertext: it is bound to (instance, disk path,
-- secret uuid), so the disk path stays beside it until the server seals the row again at its next start.
CREATE TABLE passphrases_by_owner (
    id               VARCHAR(36)              PRIMARY KEY,
    owner_type       VARCHAR(32)              NOT NULL,
    owner_id         VARCHAR(255)             NOT NULL,
    ciphertext       VARCHAR(2048)            NOT NULL,
    legacy_disk_path VARCHAR(1024),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO passphrases_by_owner (id, owner_type, owner_id, ciphertext, legacy_disk_path, created_at)
SELECT secret_uuid, 'instance-root-disk', instance_uuid, ciphertext, disk_path, created_at FROM passphrases;

DROP TABLE passphrases;
ALTER TABLE passphrases_by_owner RENAME TO passphrases;
CREATE INDEX ix_passphrases_owner ON passphrases (owner_type, owner_id);
