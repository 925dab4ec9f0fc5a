-- Tokens scoped to a domain (on which the user holds a role) or to the system, beside project-scoped and unscoped
-- ones. A domain-scoped token goes with its domain.
ALTER TABLE tokens ADD COLUMN domain_id VARCHAR(64);
ALTER TABLE tokens ADD COLUMN system_scope BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE tokens ADD CONSTRAINT fk_tokens_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE;
