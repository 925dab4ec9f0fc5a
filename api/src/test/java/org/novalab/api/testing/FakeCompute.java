package org.novalab.api.testing;

import org.novalab.compute.BackendKind;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.novalab.api.compute.BuildPlan;
import org.novalab.api.compute.ComputeBackend;
import org.novalab.api.http.ApiException;

/**
 * A compute driver standing in for compute's ComputeDriver in API tests: remembers domains and their power
 * state, prints a console banner, fails a boot when the image asks for it, and can hold builds back.
 */
public final class FakeCompute implements ComputeBackend {
    public static final String BANNER = "novalab fixture guest: booted from disk\n";
    public final Map<UUID, BuildPlan> domains = new ConcurrentHashMap<>();
    public final Set<UUID> running = ConcurrentHashMap.newKeySet();
    public volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public void check(BuildPlan plan) {
        boolean encrypted = "true".equals(plan.flavor().extraSpecs().get("hw:ephemeral_encryption"));
        if (encrypted && plan.backend() == BackendKind.RBD) {
            throw ApiException.badRequest("Encryption is not supported by the Rbd image backend");
        }
    }

    @Override
    public String spawn(BuildPlan plan) throws Exception {
        gate.await();
        if (plan.imageProperties().containsKey("fail_boot")) {
            throw new IllegalStateException("the guest found no bootable disk");
        }
        domains.put(plan.uuid(), plan);
        running.add(plan.uuid());
        return "novalab-host";
    }

    @Override
    public void stop(UUID instance) {
        running.remove(instance);
    }

    @Override
    public void start(UUID instance) {
        running.add(instance);
    }

    @Override
    public void reboot(UUID instance) {
        running.add(instance);
    }

    @Override
    public void destroy(UUID instance) {
        running.remove(instance);
        domains.remove(instance);
    }

    @Override
    public Map<UUID, String> reconcile(java.util.List<KnownServer> servers) {
        return Map.of();
    }

    @Override
    public String consoleOutput(UUID instance) {
        return domains.containsKey(instance) ? "SeaBIOS\n" + BANNER : "";
    }
}
