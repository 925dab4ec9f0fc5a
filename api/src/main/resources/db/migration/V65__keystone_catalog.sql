-- Keystone's service catalog as data: regions (ids chosen by the caller or made up, in a tree), services and their
-- endpoints. A region with endpoints (its own or its children's) cannot be deleted, so endpoints refer to it
-- RESTRICT; a service's endpoints go with it. Extra attributes are kept as Keystone keeps them.
CREATE TABLE catalog_regions (
    id               VARCHAR(255)  PRIMARY KEY,
    description      VARCHAR(255)  NOT NULL,
    parent_region_id VARCHAR(255),
    extra            VARCHAR(8192)
);
CREATE INDEX ix_catalog_regions_parent ON catalog_regions (parent_region_id);

CREATE TABLE catalog_services (
    id      VARCHAR(64)   PRIMARY KEY,
    type    VARCHAR(255)  NOT NULL,
    name    VARCHAR(255)  NOT NULL,
    enabled BOOLEAN       NOT NULL,
    extra   VARCHAR(8192)
);

CREATE TABLE catalog_endpoints (
    id         VARCHAR(64)   PRIMARY KEY,
    service_id VARCHAR(64)   NOT NULL,
    interface  VARCHAR(8)    NOT NULL,
    region_id  VARCHAR(255),
    url        VARCHAR(1024) NOT NULL,
    enabled    BOOLEAN       NOT NULL,
    extra      VARCHAR(8192),
    CONSTRAINT fk_catalog_endpoints_service FOREIGN KEY (service_id) REFERENCES catalog_services (id)
        ON DELETE CASCADE,
    CONSTRAINT fk_catalog_endpoints_region FOREIGN KEY (region_id) REFERENCES catalog_regions (id)
);
CREATE INDEX ix_catalog_endpoints_service ON catalog_endpoints (service_id);
CREATE INDEX ix_catalog_endpoints_region ON catalog_endpoints (region_id);

-- novalab's own services, as the fixed catalog of earlier versions listed them (same ids): every endpoint points
-- back at this server, at the address the client used, which Keystone's $(public_endpoint)s stands for.
INSERT INTO catalog_regions (id, description, parent_region_id, extra) VALUES ('RegionOne', '', NULL, '{}');
INSERT INTO catalog_services (id, type, name, enabled, extra) VALUES
    ('b04a12f6483ea24a706bfd0c10197a68', 'compute', 'nova', TRUE, '{}'),
    ('6105d6cc76af400325e94d588ce511be', 'image', 'glance', TRUE, '{}'),
    ('689f6a627384c7dcb2dcc1487e540223', 'identity', 'keystone', TRUE, '{}');
INSERT INTO catalog_endpoints (id, service_id, interface, region_id, url, enabled, extra) VALUES
    ('26bd4aa5fabd45e16bff20f280a6b8ab', 'b04a12f6483ea24a706bfd0c10197a68', 'public', 'RegionOne', '$(public_endpoint)s/v2.1', TRUE, '{}'),
    ('c7c0750baa8cfd546306f1190f76d524', 'b04a12f6483ea24a706bfd0c10197a68', 'internal', 'RegionOne', '$(public_endpoint)s/v2.1', TRUE, '{}'),
    ('ab42dadbc8b5dbf20555625b57b6bd4b', 'b04a12f6483ea24a706bfd0c10197a68', 'admin', 'RegionOne', '$(public_endpoint)s/v2.1', TRUE, '{}'),
    ('6921367ab225ebc3af83448ec3bc8574', '6105d6cc76af400325e94d588ce511be', 'public', 'RegionOne', '$(public_endpoint)s/image', TRUE, '{}'),
    ('79477e920271d3987f25842e59424bd1', '6105d6cc76af400325e94d588ce511be', 'internal', 'RegionOne', '$(public_endpoint)s/image', TRUE, '{}'),
    ('11ba45d0660253dd7736f0736de7f9c0', '6105d6cc76af400325e94d588ce511be', 'admin', 'RegionOne', '$(public_endpoint)s/image', TRUE, '{}'),
    ('51b29ec927f2eb5717b162674ee578f4', '689f6a627384c7dcb2dcc1487e540223', 'public', 'RegionOne', '$(public_endpoint)s/identity', TRUE, '{}'),
    ('759902bdfbaccbfd59ec625692a7e8be', '689f6a627384c7dcb2dcc1487e540223', 'internal', 'RegionOne', '$(public_endpoint)s/identity', TRUE, '{}'),
    ('d42b87d8430179b0e0b4c92d0bb4a9d2', '689f6a627384c7dcb2dcc1487e540223', 'admin', 'RegionOne', '$(public_endpoint)s/identity', TRUE, '{}');
