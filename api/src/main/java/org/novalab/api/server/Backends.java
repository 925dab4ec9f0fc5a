package org.novalab.api.server;

import io.micrometer.core.instrument.MeterRegistry;
import org.novalab.api.compute.ComputeBackend;
import org.novalab.api.persistence.Database;
import org.novalab.image.ImageService;

/** The compute driver a server runs on, built once the database and the image service are open. */
@FunctionalInterface
public interface Backends {
    /** What a running server holds; closed on shutdown. */
    interface Running extends AutoCloseable {
        ComputeBackend compute();

        /** The compute host behind {@link #compute()}, for the classroom and virsh endpoints; empty for fakes. */
        default java.util.Optional<org.novalab.compute.ComputeHost> host() {
            return java.util.Optional.empty();
        }

        @Override
        void close();
    }

    Running open(ServerConfig config, Database db, ImageService images, MeterRegistry metrics) throws Exception;
}
