-- The placement service in the catalog, as devstack registers it: type `placement` at this server's /placement
-- (no project in the URL), which the openstack client's placement plugin looks up.
INSERT INTO catalog_services (id, type, name, enabled, extra) VALUES
    ('f33c19c8eb164636bab622f6d5c6767e', 'placement', 'placement', TRUE, '{}');
INSERT INTO catalog_endpoints (id, service_id, interface, region_id, url, enabled, extra) VALUES
    ('48e713532d4641d8999170ff87f99b89', 'f33c19c8eb164636bab622f6d5c6767e', 'public', 'RegionOne', '$(public_endpoint)s/placement', TRUE, '{}'),
    ('162a191b4a7f48a59a1221d98308b43a', 'f33c19c8eb164636bab622f6d5c6767e', 'internal', 'RegionOne', '$(public_endpoint)s/placement', TRUE, '{}'),
    ('473b348669cd42afbdbd28ec3852c4f7', 'f33c19c8eb164636bab622f6d5c6767e', 'admin', 'RegionOne', '$(public_endpoint)s/placement', TRUE, '{}');
