-- Glance's metadata definitions catalog: namespaces, and in each its objects, properties and tags (one table, a
-- kind column; an object's or property's JSON schema as text, as Glance keeps them), the resource types and which
-- namespaces apply to which. Everything of a namespace goes with it.
CREATE TABLE metadef_namespaces (
    id           VARCHAR(36)              PRIMARY KEY,
    namespace    VARCHAR(80)              NOT NULL,
    display_name VARCHAR(80),
    description  VARCHAR(500),
    visibility   VARCHAR(32)              NOT NULL,
    protected    BOOLEAN                  NOT NULL,
    owner        VARCHAR(255),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_metadef_namespaces UNIQUE (namespace)
);

CREATE TABLE metadef_items (
    id           VARCHAR(36)              PRIMARY KEY,
    namespace_id VARCHAR(36)              NOT NULL,
    kind         VARCHAR(16)              NOT NULL,
    name         VARCHAR(255)             NOT NULL,
    json_schema  VARCHAR(65535),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_metadef_items UNIQUE (namespace_id, kind, name),
    CONSTRAINT fk_metadef_items FOREIGN KEY (namespace_id) REFERENCES metadef_namespaces (id) ON DELETE CASCADE
);

CREATE TABLE metadef_resource_types (
    name       VARCHAR(80)              PRIMARY KEY,
    protected  BOOLEAN                  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE metadef_associations (
    namespace_id      VARCHAR(36)              NOT NULL,
    resource_type     VARCHAR(80)              NOT NULL,
    prefix            VARCHAR(80),
    properties_target VARCHAR(80),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace_id, resource_type),
    CONSTRAINT fk_metadef_assoc_ns FOREIGN KEY (namespace_id) REFERENCES metadef_namespaces (id) ON DELETE CASCADE,
    CONSTRAINT fk_metadef_assoc_rt FOREIGN KEY (resource_type) REFERENCES metadef_resource_types (name)
);

-- The resource types Glance's own definitions name (what glance-manage db_load_metadefs brings), so that a
-- namespace can be associated at once.
INSERT INTO metadef_resource_types (name, protected, created_at, updated_at) VALUES
    ('OS::Glance::Image', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('OS::Cinder::Volume', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('OS::Nova::Flavor', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('OS::Nova::Aggregate', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('OS::Nova::Server', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
