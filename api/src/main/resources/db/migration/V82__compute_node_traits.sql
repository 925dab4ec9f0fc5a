-- The traits each compute service reports of its host with its resources (placement's traits of the host's
-- resource provider): what it can encrypt, COMPUTE_EPHEMERAL_ENCRYPTION_LUKS and the like, sorted and separated by
-- one space. The scheduler filters on them instead of asking every host over the bus.
-- Null until the compute service first reports after this migration: such a host takes no encrypted disk.
ALTER TABLE compute_nodes ADD COLUMN traits VARCHAR(4096);
-- The resource provider's generation as placement shows it: one more each time the host's inventory or traits
-- change.
ALTER TABLE compute_nodes ADD COLUMN generation INTEGER DEFAULT 0 NOT NULL;
