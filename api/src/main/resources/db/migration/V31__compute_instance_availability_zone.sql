-- The availability zone of a server (Nova's instances.availability_zone): its host's zone once the scheduler placed
-- it, the zone it asked for while it has no host. Every host was in Nova's default zone until aggregates came.
ALTER TABLE instances ADD COLUMN availability_zone VARCHAR(255);
UPDATE instances SET availability_zone = 'nova' WHERE host IS NOT NULL;
