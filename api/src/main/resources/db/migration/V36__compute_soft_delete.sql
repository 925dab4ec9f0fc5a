-- Nova's deleted_at for a server deleted while reclaim_instance_interval keeps it (vm_state soft-delete): when the
-- interval has passed since, the server is reclaimed (deleted for good). It counts only while the server is
-- soft-deleted: a restore leaves it, the next soft delete stamps it anew.
ALTER TABLE instances ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_instances_soft_deleted ON instances (vm_state, deleted_at);
