-- Keystone's policies (a blob of a type, kept as given) and credentials (a blob of a type for a user, maybe for a
-- project). A credential's blob is a secret (an EC2 secret key, a TOTP seed): it is stored sealed under the master
-- key, never in clear. A user's or a project's credentials go with it, as Keystone deletes them.
CREATE TABLE keystone_policies (
    id          VARCHAR(64)    PRIMARY KEY,
    type        VARCHAR(255)   NOT NULL,
    policy_blob VARCHAR(65536) NOT NULL,
    extra       VARCHAR(8192)
);

CREATE TABLE keystone_credentials (
    id             VARCHAR(64)   PRIMARY KEY,
    user_id        VARCHAR(64)   NOT NULL,
    project_id     VARCHAR(64),
    type           VARCHAR(255)  NOT NULL,
    encrypted_blob VARCHAR(65536) NOT NULL,
    extra          VARCHAR(8192),
    CONSTRAINT fk_keystone_credentials_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_keystone_credentials_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX ix_keystone_credentials_user ON keystone_credentials (user_id);
CREATE INDEX ix_keystone_credentials_project ON keystone_credentials (project_id);
