-- What each compute service reports of its own host, as Nova's resource tracker does (update_available_resource):
-- its CPUs, memory, instance disk, address, hypervisor and CPU model. The api's hypervisor views read these rows,
-- so a host's numbers are its own and not the api machine's.
-- Null until the compute service first reports (a row registered by an older novalab).
ALTER TABLE compute_nodes ADD COLUMN vcpus INTEGER;
ALTER TABLE compute_nodes ADD COLUMN memory_mb BIGINT;
ALTER TABLE compute_nodes ADD COLUMN local_gb BIGINT;
ALTER TABLE compute_nodes ADD COLUMN disk_available_least BIGINT;
ALTER TABLE compute_nodes ADD COLUMN host_ip VARCHAR(64);
ALTER TABLE compute_nodes ADD COLUMN hypervisor_type VARCHAR(32);
ALTER TABLE compute_nodes ADD COLUMN hypervisor_version BIGINT;
ALTER TABLE compute_nodes ADD COLUMN cpu_info VARCHAR(65535);
ALTER TABLE compute_nodes ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
