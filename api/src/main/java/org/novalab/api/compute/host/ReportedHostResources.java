package org.novalab.api.compute.host;

import io.vertx.core.json.JsonObject;
import org.novalab.compute.rpc.ComputeHosts;

/**
 * The hypervisor views' numbers: what each host's compute service last reported in its compute node row (once a
 * minute, Nova's resource tracker), wherever that service runs, so a deployment of many machines shows each
 * host's own CPUs, memory and disk. The uptime costs a process on the host: only the hosts this process runs
 * tell it (Nova answers 501 where its driver cannot).
 */
public final class ReportedHostResources implements HostResources {
    /** A host whose compute service has not reported yet: nothing to offer. */
    static final Capacity NOTHING = new Capacity(0, 0, 0, 0, "", "QEMU", 0, new JsonObject(), java.util.Set.of());
    private final ServiceRegistry services;
    private final ComputeHosts local;

    public ReportedHostResources(ServiceRegistry services, ComputeHosts local) {
        this.services = services;
        this.local = local;
    }

    @Override
    public Capacity of(String host) {
        return services.computeNode(host).flatMap(ComputeNodeEntity::reported).orElse(NOTHING);
    }

    @Override
    public String uptime(String host) {
        return local.hosts().contains(host) ? LocalHostResources.uptime() : null;
    }
}
