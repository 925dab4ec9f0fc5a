-- What a server keeps besides its build: access addresses and disk config (create and PUT /servers/{id}), tags.
ALTER TABLE instances ADD COLUMN access_ip_v4 VARCHAR(64);
ALTER TABLE instances ADD COLUMN access_ip_v6 VARCHAR(64);
ALTER TABLE instances ADD COLUMN auto_disk_config BOOLEAN;

CREATE TABLE instance_tags (
    instance_id BIGINT      NOT NULL,
    tag         VARCHAR(60) NOT NULL,
    PRIMARY KEY (instance_id, tag),
    CONSTRAINT fk_instance_tags FOREIGN KEY (instance_id) REFERENCES instances (id) ON DELETE CASCADE
);
CREATE INDEX ix_instance_tags_tag ON instance_tags (tag);
