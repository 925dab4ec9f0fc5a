package org.novalab.api.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.novalab.api.persistence.Database;
import org.novalab.compute.manager.InstanceStore;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.compute.rpc.LocalComputeApi;
import org.novalab.image.ImageService;

/**
 * The compute hosts a server starts with, once its database and image service are open: the real one on libvirt
 * ({@link LibvirtComputeServices}) or a test's over a fake driver. The server reaches them only through the door.
 */
@FunctionalInterface
public interface ComputeServices {
    Running start(Context context) throws Exception;

    /** Whether the hosts started here include the server's own {@code host} (not so for an api role). */
    default boolean runsLocalCompute() {
        return true;
    }

    /** What compute hosts are built from: the instances table they record outcomes in, the server's Glance. */
    record Context(ServerConfig config, Database db, ImageService images, InstanceStore instances,
                   MeterRegistry metrics) {
    }

    /** The door to the started hosts; closed on shutdown. */
    interface Running extends AutoCloseable {
        ComputeApi api();

        ComputeHosts hosts();

        /** The compute hosts this process runs itself: it registers their services (all of {@link #hosts()} here). */
        default ComputeHosts served() {
            return hosts();
        }

        /** Waits until no work is queued or running (tests). */
        void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException;

        @Override
        void close();

        /**
         * The door over a message bus ({@code api}, an {@code RpcComputeApi}) to the hosts {@code door} runs here,
         * served from the bus by {@code server}. On close the server stops taking messages first, then the door
         * lets its work finish, then {@code resources} close in order (the bus, what the hosts hold open).
         */
        static Running overBus(ComputeApi api, AutoCloseable server, LocalComputeApi door,
                               AutoCloseable... resources) {
            Running local = of(door, resources);
            return new Running() {
                @Override
                public ComputeApi api() {
                    return api;
                }

                @Override
                public ComputeHosts hosts() {
                    return door;
                }

                @Override
                public void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
                    door.awaitIdle(timeout, unit);
                }

                @Override
                public void close() {
                    try {
                        server.close();
                    } catch (Exception e) {
                        org.slf4j.LoggerFactory.getLogger(ComputeServices.class).warn("closing {}: {}", server,
                                e.toString());
                    }
                    local.close();
                }
            };
        }

        /** The in-process door, closed before {@code resources} (what the hosts hold open). */
        static Running of(LocalComputeApi door, AutoCloseable... resources) {
            return new Running() {
                @Override
                public ComputeApi api() {
                    return door;
                }

                @Override
                public ComputeHosts hosts() {
                    return door;
                }

                @Override
                public void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
                    door.awaitIdle(timeout, unit);
                }

                @Override
                public void close() {
                    door.close();
                    for (AutoCloseable r : resources) {
                        try {
                            r.close();
                        } catch (Exception e) {
                            org.slf4j.LoggerFactory.getLogger(ComputeServices.class).warn("closing {}: {}", r,
                                    e.toString());
                        }
                    }
                }
            };
        }
    }
}
