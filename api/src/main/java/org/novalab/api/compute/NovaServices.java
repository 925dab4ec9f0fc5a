package org.novalab.api.compute;

import java.time.Clock;
import org.novalab.api.compute.keypair.KeyPairService;
import org.novalab.api.persistence.Database;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.image.ImageService;

/** The compute API's services, wired once: what {@link ComputeRoutes} mounts, and what a server create checks. */
public final class NovaServices {
    private final Database db;
    private final Clock clock;
    private final FlavorService flavors;
    private final ServerQueries queries;
    private final ServerService servers;
    private final KeyPairService keyPairs;
    private final ComputeApi compute;
    private final ComputeHosts hosts;

    public NovaServices(Database db, FlavorService flavors, ImageService images, HibernateInstanceStore instances,
            ComputeApi compute, ComputeHosts hosts, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.flavors = flavors;
        this.compute = compute;
        this.hosts = hosts;
        this.queries = new ServerQueries(db);
        this.keyPairs = new KeyPairService(db, clock, (caller, user, count) -> { });
        this.servers = new ServerService(db, flavors, images, queries, instances, compute, hosts, keyPairs, clock);
    }

    public Database db() {
        return db;
    }

    public Clock clock() {
        return clock;
    }

    public FlavorService flavors() {
        return flavors;
    }

    public ServerQueries queries() {
        return queries;
    }

    public ServerService servers() {
        return servers;
    }

    public KeyPairService keyPairs() {
        return keyPairs;
    }

    public ComputeApi compute() {
        return compute;
    }

    public ComputeHosts hosts() {
        return hosts;
    }
}
