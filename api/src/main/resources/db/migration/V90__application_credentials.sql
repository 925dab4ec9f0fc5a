-- Keystone's application credentials: a user's delegation of (some of) its roles on one project to an application,
-- proved by a secret that is stored only as its PBKDF2 hash. Tokens issued from one name it and carry only its roles.
CREATE TABLE application_credentials (
    id           VARCHAR(64)              PRIMARY KEY,
    name         VARCHAR(255)             NOT NULL,
    description  VARCHAR(255),
    user_id      VARCHAR(64)              NOT NULL,
    project_id   VARCHAR(64)              NOT NULL,
    secret_hash  VARCHAR(255)             NOT NULL,
    -- a JSON array of role ids
    roles        VARCHAR(4096)            NOT NULL,
    unrestricted BOOLEAN                  NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_application_credentials_name UNIQUE (user_id, name),
    CONSTRAINT fk_application_credentials_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_application_credentials_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
ALTER TABLE tokens ADD COLUMN application_credential_id VARCHAR(64);
CREATE INDEX ix_tokens_application_credential ON tokens (application_credential_id);
ALTER TABLE tokens ADD CONSTRAINT fk_tokens_application_credential FOREIGN KEY (application_credential_id)
    REFERENCES application_credentials (id) ON DELETE CASCADE;
