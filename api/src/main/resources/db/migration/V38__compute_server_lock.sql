-- Nova's lock: a locked server refuses its actions (stop, start, reboot, rebuild, delete, restore, its metadata) to
-- anyone but an admin. locked_by says who locked it ('owner': its project, 'admin': someone else), which decides
-- who may unlock it; locked_reason is the reason given from 2.73.
ALTER TABLE instances ADD COLUMN locked BOOLEAN;
ALTER TABLE instances ADD COLUMN locked_by VARCHAR(8);
ALTER TABLE instances ADD COLUMN locked_reason VARCHAR(255);
