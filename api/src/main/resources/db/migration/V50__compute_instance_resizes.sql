-- What a resize keeps beside its migration (Nova keeps it on the instance: old_flavor, new_flavor and the
-- old_vm_state in system_metadata): both flavors as the server had and gets them, and whether it was stopped, so a
-- revert (or a restart in the middle) puts the server back as it was.
CREATE TABLE instance_resizes (
    migration_uuid VARCHAR(36)              NOT NULL PRIMARY KEY,
    instance_uuid  VARCHAR(36)              NOT NULL,
    old_flavor     VARCHAR(65535)           NOT NULL,
    new_flavor     VARCHAR(65535)           NOT NULL,
    was_stopped    BOOLEAN                  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_instance_resizes_instance ON instance_resizes (instance_uuid, created_at);
