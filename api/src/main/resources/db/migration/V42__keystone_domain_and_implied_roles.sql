-- Domain-specific roles (a role with a domain: named within it, granted only on that domain's projects, never in a
-- token itself, only through the roles it implies) and Keystone's role inference rules, with the default ones that
-- its bootstrap makes: admin implies member, member implies reader. A domain's roles go with it.
ALTER TABLE roles ADD COLUMN domain_id VARCHAR(64);
ALTER TABLE roles ADD CONSTRAINT fk_roles_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE;
-- names are unique within a domain; among global roles (domain_id NULL, which a unique constraint does not compare)
-- novalab checks them itself
ALTER TABLE roles DROP CONSTRAINT uq_roles_name;
ALTER TABLE roles ADD CONSTRAINT uq_roles_name UNIQUE (domain_id, name);

CREATE TABLE implied_roles (
    prior_role_id   VARCHAR(64) NOT NULL,
    implied_role_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (prior_role_id, implied_role_id),
    CONSTRAINT fk_implied_roles_prior FOREIGN KEY (prior_role_id) REFERENCES roles (id) ON DELETE CASCADE,
    CONSTRAINT fk_implied_roles_implied FOREIGN KEY (implied_role_id) REFERENCES roles (id) ON DELETE CASCADE
);
CREATE INDEX ix_implied_roles_implied ON implied_roles (implied_role_id);
INSERT INTO implied_roles (prior_role_id, implied_role_id) VALUES ('admin', 'member');
INSERT INTO implied_roles (prior_role_id, implied_role_id) VALUES ('member', 'reader');
