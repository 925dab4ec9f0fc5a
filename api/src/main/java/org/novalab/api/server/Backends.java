package org.novalab.api.server;

import io.micrometer.core.instrument.MeterRegistry;
import org.novalab.api.compute.ComputeBackend;
import org.novalab.api.image.ImageStore;
import org.novalab.api.persistence.Database;

/** The image store and compute driver a server runs on, built once the database is open. */
public interface Backends {
    /** What a running server holds; closed on shutdown. */
    interface Running extends AutoCloseable {
        ImageStore images();

        ComputeBackend compute();

        /** The compute host behind {@link #compute()}, for the classroom and virsh endpoints; empty for fakes. */
        default java.util.Optional<org.novalab.compute.ComputeHost> host() {
            return java.util.Optional.empty();
        }

        @Override
        void close();
    }

    Running open(ServerConfig config, Database db, MeterRegistry metrics) throws Exception;

    /** Entities these backends persist through the server's database (e.g. image records). */
    default java.util.List<Class<?>> entities() {
        return java.util.List.of();
    }
}
