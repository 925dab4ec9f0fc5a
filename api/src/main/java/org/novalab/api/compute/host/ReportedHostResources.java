package org.novalab.api.compute.host;

import io.vertx.core.json.JsonObject;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;

/**
 * The hypervisor views' numbers: what each host's compute service last reported in its compute node row (once a
 * minute, Nova's resource tracker), wherever that service runs, so a deployment of many machines shows each
 * host's own CPUs, memory and disk. The uptime is asked of the host itself, as Nova's API asks its compute service
 * ({@code get_host_uptime}): the host that runs the hypervisor, not this machine (501 where it cannot tell).
 */
public final class ReportedHostResources implements HostResources {
    /** A host whose compute service has not reported yet: nothing to offer. */
    static final Capacity NOTHING = new Capacity(0, 0, 0, 0, "", "QEMU", 0, new JsonObject(), java.util.Set.of());
    private final ServiceRegistry services;
    private final ComputeHosts local;
    private final ComputeApi compute;

    public ReportedHostResources(ServiceRegistry services, ComputeHosts local, ComputeApi compute) {
        this.services = services;
        this.local = local;
        this.compute = compute;
    }

    @Override
    public Capacity of(String host) {
        return services.computeNode(host).flatMap(ComputeNodeEntity::reported).orElse(NOTHING);
    }

    @Override
    public String uptime(String host) {
        if (local.hosts().contains(host)) {
            return LocalHostResources.uptime();
        }
        if (!services.byHostAndBinary(host, ServiceRegistry.COMPUTE).map(services::isUp).orElse(false)) {
            return null; // a host that is down cannot tell: no call waits rpc_response_timeout for it
        }
        try {
            String line = compute.getHostUptime(host);
            return line == null || line.isBlank() ? null : line;
        } catch (RuntimeException unreachable) {
            return null; // a host that is down cannot tell
        }
    }
}
