-- The block storage service in the catalog, as devstack registers Cinder: `block-storage` (the service type the
-- API reference names) and `volumev3` (what openstack client and Tempest look up), both at this server's
-- /volume/v3/<project>, the project filled in per token as Keystone does for $(project_id)s.
INSERT INTO catalog_services (id, type, name, enabled, extra) VALUES
    ('f3f9f8562ead45c89ecdf611c60eae43', 'block-storage', 'cinder', TRUE, '{}'),
    ('f86e6e367cbf4379a15ba7f35e8ef57c', 'volumev3', 'cinderv3', TRUE, '{}');
INSERT INTO catalog_endpoints (id, service_id, interface, region_id, url, enabled, extra) VALUES
    ('92e721f9f7684a84b4bb7260672a9826', 'f3f9f8562ead45c89ecdf611c60eae43', 'public', 'RegionOne', '$(public_endpoint)s/volume/v3/$(project_id)s', TRUE, '{}'),
    ('6497becf9ae04895af32e606b5111e4f', 'f3f9f8562ead45c89ecdf611c60eae43', 'internal', 'RegionOne', '$(public_endpoint)s/volume/v3/$(project_id)s', TRUE, '{}'),
    ('2dfc0271486843cb9f2eb6359c689062', 'f3f9f8562ead45c89ecdf611c60eae43', 'admin', 'RegionOne', '$(public_endpoint)s/volume/v3/$(project_id)s', TRUE, '{}'),
    ('e18f8c6b125447b181e2756ed9caa449', 'f86e6e367cbf4379a15ba7f35e8ef57c', 'public', 'RegionOne', '$(public_endpoint)s/volume/v3/$(project_id)s', TRUE, '{}'),
    ('1038018559f0486289f28990a41fc10e', 'f86e6e367cbf4379a15ba7f35e8ef57c', 'internal', 'RegionOne', '$(public_endpoint)s/volume/v3/$(project_id)s', TRUE, '{}'),
    ('6a216e8399f44c8bbbfe4f8f40351d75', 'f86e6e367cbf4379a15ba7f35e8ef57c', 'admin', 'RegionOne', '$(public_endpoint)s/volume/v3/$(project_id)s', TRUE, '{}');
