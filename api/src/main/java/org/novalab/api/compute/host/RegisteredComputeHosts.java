package org.novalab.api.compute.host;

import java.time.Clock;
import java.util.List;
import org.novalab.api.persistence.Database;
import org.novalab.compute.rpc.ComputeHosts;

/**
 * The compute hosts of an api role: every {@code nova-compute} service registered in the shared database whose
 * heartbeat is recent and that nobody forced down, wherever it runs ({@code novalab compute} processes). Read
 * anew on each question, so a compute service that starts or dies is seen within one heartbeat.
 */
public final class RegisteredComputeHosts implements ComputeHosts {
    private final ServiceRegistry services;

    public RegisteredComputeHosts(Database db, Clock clock, ServiceGroup timing) {
        this.services = ServiceRegistry.reader(db, clock, timing);
    }

    @Override
    public List<String> hosts() {
        return services.list(null, ServiceRegistry.COMPUTE).stream().filter(services::isUp)
                .map(ServiceEntity::host).toList();
    }
}
