-- Flavors may be deleted while servers use them, as in Nova: each instance keeps a copy of its flavor (name, sizes,
-- extra specs as JSON) and no longer references the flavors table. Private flavors are given to projects.
ALTER TABLE instances ADD COLUMN flavor_name VARCHAR(255);
ALTER TABLE instances ADD COLUMN root_gb INTEGER;
ALTER TABLE instances ADD COLUMN ephemeral_gb INTEGER;
ALTER TABLE instances ADD COLUMN swap_mb INTEGER;
ALTER TABLE instances ADD COLUMN flavor_extra_specs VARCHAR(65535);
UPDATE instances SET flavor_name = (SELECT f.name FROM flavors f WHERE f.id = instances.flavor_id),
                     root_gb = (SELECT f.root_gb FROM flavors f WHERE f.id = instances.flavor_id),
                     ephemeral_gb = (SELECT f.ephemeral_gb FROM flavors f WHERE f.id = instances.flavor_id),
                     swap_mb = (SELECT f.swap_mb FROM flavors f WHERE f.id = instances.flavor_id);
ALTER TABLE instances DROP CONSTRAINT fk_instances_flavor;

ALTER TABLE flavors ADD COLUMN created_at TIMESTAMP WITH TIME ZONE;
UPDATE flavors SET created_at = CURRENT_TIMESTAMP;
ALTER TABLE flavors ALTER COLUMN created_at SET NOT NULL;

CREATE TABLE flavor_projects (
    flavor_id  VARCHAR(64)  NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (flavor_id, project_id),
    CONSTRAINT fk_flavor_projects FOREIGN KEY (flavor_id) REFERENCES flavors (id) ON DELETE CASCADE
);
