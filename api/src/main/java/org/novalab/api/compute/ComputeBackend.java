package org.novalab.api.compute;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the API asks of the compute driver. Every call blocks: the API runs them on its build executor, never
 * on the event loop. Implemented over compute's ComputeDriver.
 */
public interface ComputeBackend {
    /** Refuses a plan that cannot work (encryption on a backend without it, ...) before anything is created. */
    void check(BuildPlan plan);

    /** Builds and boots the instance; returns the host it runs on. */
    String spawn(BuildPlan plan) throws Exception;

    void stop(UUID instance) throws Exception;

    void start(UUID instance) throws Exception;

    void reboot(UUID instance) throws Exception;

    /** Destroys the domain and removes the instance's files and secret; no-op when nothing exists. */
    void destroy(UUID instance) throws Exception;

    String consoleOutput(UUID instance) throws Exception;

    /**
     * After a restart, brings the hypervisor in line with what the database knows (redefines and restarts domains
     * from their instance directories). Returns the instances that could not be restored, with the reason.
     */
    Map<UUID, String> reconcile(List<KnownServer> servers);

    /** A server the database knows: its domain name and whether it should be running. */
    record KnownServer(UUID uuid, String domainName, boolean running) {
    }
}
