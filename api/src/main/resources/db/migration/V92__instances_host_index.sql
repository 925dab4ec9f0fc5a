-- The claim of a host reads what the instances on it take, and the hypervisor and usage views list a host's
-- instances: by host, not by a scan of every instance of the deployment.
CREATE INDEX ix_instances_host ON instances (host);
