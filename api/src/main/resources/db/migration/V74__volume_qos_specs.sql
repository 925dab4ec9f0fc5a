-- Cinder's QoS specs: named limits (IOPS and bytes per second, total or read/write) for a consumer (front-end:
-- QEMU's throttling, libvirt's <iotune>; back-end: the storage's), at most one per volume type.
CREATE TABLE volume_qos_specs (
    id         VARCHAR(36)              PRIMARY KEY,
    name       VARCHAR(255)             NOT NULL,
    consumer   VARCHAR(16)              NOT NULL,
    specs      VARCHAR(8192)            NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_volume_qos_specs_name UNIQUE (name)
);

ALTER TABLE volume_types ADD COLUMN qos_specs_id VARCHAR(36);
ALTER TABLE volume_types ADD CONSTRAINT fk_volume_types_qos FOREIGN KEY (qos_specs_id) REFERENCES volume_qos_specs (id);
