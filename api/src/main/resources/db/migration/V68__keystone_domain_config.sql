-- Keystone's domain-specific configuration: options of the identity and ldap groups for one domain, each value as
-- JSON. A sensitive option (ldap's password) is kept sealed under the master key and never shown. A domain's
-- configuration goes with it.
CREATE TABLE keystone_domain_config (
    domain_id   VARCHAR(64)   NOT NULL,
    group_name  VARCHAR(255)  NOT NULL,
    option_name VARCHAR(255)  NOT NULL,
    option_value VARCHAR(8192) NOT NULL,
    sensitive   BOOLEAN       NOT NULL,
    PRIMARY KEY (domain_id, group_name, option_name),
    CONSTRAINT fk_keystone_domain_config_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);
