-- The hosts a build may go to after its own (Nova's alternates from one scheduling, [scheduler] max_attempts):
-- when the build fails on its host, the next of them that still has room takes it. Separated by commas, best
-- first; null or empty when there are none left (a single host, a server group member, or all tried).
ALTER TABLE instances ADD COLUMN alternate_hosts VARCHAR(2048);
