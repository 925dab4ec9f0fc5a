-- Keystone's resources beyond one project: domains, roles as rows (the three default roles stay, immutable, with
-- their names as ids, so the assignments of V1 keep pointing at them), projects in a hierarchy, the extra attributes
-- Keystone keeps for projects and users (email, description, ...), and unscoped tokens.
CREATE TABLE domains (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(64)   NOT NULL,
    description VARCHAR(1024),
    enabled     BOOLEAN       NOT NULL,
    CONSTRAINT uq_domains_name UNIQUE (name)
);
INSERT INTO domains (id, name, description, enabled) VALUES ('default', 'Default', 'The default domain', TRUE);

CREATE TABLE roles (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    description VARCHAR(255),
    immutable   BOOLEAN       NOT NULL,
    CONSTRAINT uq_roles_name UNIQUE (name)
);
INSERT INTO roles (id, name, description, immutable) VALUES ('admin', 'admin', NULL, TRUE);
INSERT INTO roles (id, name, description, immutable) VALUES ('member', 'member', NULL, TRUE);
INSERT INTO roles (id, name, description, immutable) VALUES ('reader', 'reader', NULL, TRUE);

ALTER TABLE role_assignments ADD CONSTRAINT fk_roles_role FOREIGN KEY (role_name) REFERENCES roles (id) ON DELETE CASCADE;

-- parent_id NULL: the project's parent is its domain
ALTER TABLE projects ADD COLUMN parent_id VARCHAR(64);
ALTER TABLE projects ADD COLUMN tags VARCHAR(4096);
ALTER TABLE projects ADD COLUMN extra VARCHAR(8192);
ALTER TABLE projects ADD CONSTRAINT fk_projects_parent FOREIGN KEY (parent_id) REFERENCES projects (id);
ALTER TABLE projects ADD CONSTRAINT fk_projects_domain FOREIGN KEY (domain_id) REFERENCES domains (id);
CREATE INDEX ix_projects_parent ON projects (parent_id);

ALTER TABLE users ADD COLUMN extra VARCHAR(8192);
ALTER TABLE users ADD CONSTRAINT fk_users_domain FOREIGN KEY (domain_id) REFERENCES domains (id);
-- a deleted project is no user's default project any more (the user stays)
ALTER TABLE users DROP CONSTRAINT fk_users_project;
ALTER TABLE users ADD CONSTRAINT fk_users_project FOREIGN KEY (default_project_id) REFERENCES projects (id)
    ON DELETE SET NULL;

-- an unscoped token has no project
ALTER TABLE tokens ALTER COLUMN project_id DROP NOT NULL;
CREATE INDEX ix_tokens_user ON tokens (user_id);
CREATE INDEX ix_role_assignments_user ON role_assignments (user_id);
