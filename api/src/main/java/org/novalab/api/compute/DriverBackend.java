package org.novalab.api.compute;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeDriver;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.Flavor;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.PowerState;
import org.novalab.compute.ReconcileReport;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.backend.RbdBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's compute port over compute's {@link ComputeDriver}: flavor and image settings become a spawn request. */
public final class DriverBackend implements ComputeBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DriverBackend.class);
    private final ComputeDriver driver;
    private final String host;

    public DriverBackend(ComputeDriver driver) {
        this.driver = driver;
        this.host = hostName();
    }

    @Override
    public void check(BuildPlan plan) {
        EncryptionChoice encryption = EncryptionChoice.resolve(plan.flavor().extraSpecs(), plan.imageProperties());
        if (!encryption.enabled()) {
            return;
        }
        if (plan.backend() == BackendKind.RBD) {
            throw new EncryptionNotSupported(RbdBackend.REFUSAL);
        }
        if (!driver.capabilities().canEncrypt(plan.backend())) {
            throw new EncryptionNotSupported("this host cannot run encrypted disks with the " + plan.backend()
                    + " backend (" + String.join("; ", driver.capabilities().notes()) + ")");
        }
    }

    @Override
    public String spawn(BuildPlan plan) {
        BuildPlan.FlavorSpec f = plan.flavor();
        Flavor flavor = new Flavor(f.id(), f.name(), f.vcpus(), f.ramMb(), plan.rootGb(), f.extraSpecs());
        SpawnResult result = driver.spawn(SpawnRequest.resolved(plan.uuid(), plan.instanceNumber(), plan.name(), flavor,
                plan.imageId(), plan.imageProperties(), plan.backend()));
        // Like Nova, a running domain is ACTIVE even when its guest found nothing to boot; console.log tells.
        result.fault().ifPresent(fault -> LOG.warn("instance {} runs but its guest did not boot: {}", plan.uuid(), fault));
        return host;
    }

    @Override
    public void stop(UUID instance) {
        driver.stop(instance);
    }

    @Override
    public void start(UUID instance) {
        driver.start(instance);
    }

    @Override
    public void reboot(UUID instance) {
        driver.reboot(instance);
    }

    @Override
    public void destroy(UUID instance) {
        driver.destroy(instance);
    }

    @Override
    public String consoleOutput(UUID instance) {
        return driver.consoleOutput(instance);
    }

    @Override
    public Map<UUID, String> reconcile(List<KnownServer> servers) {
        ReconcileReport report = driver.reconcile(servers.stream().map(s -> new KnownInstance(s.uuid(), s.domainName(),
                s.running() ? PowerState.RUNNING : PowerState.SHUTDOWN)).toList());
        report.fixed().forEach(e -> LOG.info("reconciled {} ({}): {}", e.uuid(), e.domainName(), e.detail()));
        report.orphans().forEach(e -> LOG.warn("orphan {} ({}): {}", e.uuid(), e.domainName(), e.detail()));
        Map<UUID, String> flagged = new HashMap<>();
        report.flagged().forEach(e -> flagged.put(e.uuid(), e.detail()));
        return flagged;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
