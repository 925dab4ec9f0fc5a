package org.novalab.api.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
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
            return new Parts(api, door, door, door::awaitIdle, () -> {
                closeQuietly(server);
                local.close();
            });
        }

        /** The in-process door, closed before {@code resources} (what the hosts hold open). */
        static Running of(LocalComputeApi door, AutoCloseable... resources) {
            return new Parts(door, door, door, door::awaitIdle, () -> {
                door.close();
                closeQuietly(resources);
            });
        }

        /**
         * The door over {@code bus} to hosts that run in other processes ({@code registered}): none served here,
         * no work here to wait for; closing closes the bus.
         */
        static Running remote(ComputeApi api, ComputeHosts registered, AutoCloseable bus) {
            return new Parts(api, registered, List::of, (timeout, unit) -> { }, () -> closeQuietly(bus));
        }

        private static void closeQuietly(AutoCloseable... resources) {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(ComputeServices.class).warn("closing {}: {}", r, e.toString());
                }
            }
        }
    }

    /** How a running compute waits for its work ({@link Running#awaitIdle}). */
    @FunctionalInterface
    interface Idle {
        void await(long timeout, TimeUnit unit) throws InterruptedException;
    }

    /** A running compute of its parts: the door, the hosts, those this process serves, its wait and its close. */
    record Parts(ComputeApi api, ComputeHosts hosts, ComputeHosts served, Idle idle, Runnable closer)
            implements Running {
        @Override
        public void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
            idle.await(timeout, unit);
        }

        @Override
        public void close() {
            closer.run();
        }
    }
}
