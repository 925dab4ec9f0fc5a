-- Keystone's groups: named within a domain like users, with a description and the extra attributes Keystone keeps,
-- and their members (users of any domain). A group goes with its domain; a membership with its group or its user.
CREATE TABLE user_groups (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    domain_id   VARCHAR(64)   NOT NULL,
    description VARCHAR(1024),
    extra       VARCHAR(8192),
    CONSTRAINT uq_user_groups_name UNIQUE (domain_id, name),
    CONSTRAINT fk_user_groups_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);

CREATE TABLE user_group_membership (
    group_id VARCHAR(64) NOT NULL,
    user_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (group_id, user_id),
    CONSTRAINT fk_membership_group FOREIGN KEY (group_id) REFERENCES user_groups (id) ON DELETE CASCADE,
    CONSTRAINT fk_membership_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_group_membership_user ON user_group_membership (user_id);
