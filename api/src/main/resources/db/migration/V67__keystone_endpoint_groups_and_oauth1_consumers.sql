-- Keystone's endpoint groups (OS-EP-FILTER): a name and filters on endpoint attributes, associated with projects; a
-- project with groups sees only their endpoints in its tokens' catalog. An association goes with its group or its
-- project. And OS-OAUTH1's consumers: a description and a secret, shown once and kept sealed.
CREATE TABLE catalog_endpoint_groups (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    description VARCHAR(1024),
    filters     VARCHAR(4096) NOT NULL
);

CREATE TABLE catalog_endpoint_group_projects (
    endpoint_group_id VARCHAR(64) NOT NULL,
    project_id        VARCHAR(64) NOT NULL,
    PRIMARY KEY (endpoint_group_id, project_id),
    CONSTRAINT fk_endpoint_group_projects_group FOREIGN KEY (endpoint_group_id)
        REFERENCES catalog_endpoint_groups (id) ON DELETE CASCADE,
    CONSTRAINT fk_endpoint_group_projects_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX ix_endpoint_group_projects_project ON catalog_endpoint_group_projects (project_id);

CREATE TABLE oauth1_consumers (
    id               VARCHAR(64)   PRIMARY KEY,
    description      VARCHAR(1024),
    encrypted_secret VARCHAR(1024) NOT NULL,
    extra            VARCHAR(8192)
);
