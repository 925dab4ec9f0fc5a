package org.novalab.api.compute;

import java.util.List;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;

/**
 * Picks the compute host a new instance goes to (Nova's filter scheduler, with one filter): the first host, in
 * name order, that can build its root disk, encryption included (CloudStack starts VMs with encrypted volumes
 * only on hosts that advertise encryption support; Nova asks placement for {@code COMPUTE_EPHEMERAL_ENCRYPTION}).
 */
final class Scheduler {
    private final ComputeHosts hosts;
    private final ComputeApi compute;

    Scheduler(ComputeHosts hosts, ComputeApi compute) {
        this.hosts = hosts;
        this.compute = compute;
    }

    /** @throws EncryptionNotSupported with the last host's reason when no host can encrypt the disk */
    String select(SpawnRequest request) {
        List<String> candidates = hosts.hosts();
        EncryptionNotSupported refused = null;
        for (String host : candidates) {
            try {
                compute.getCapabilities(host).requireEncryption(request.backend(), request.encryption());
                return host;
            } catch (EncryptionNotSupported e) {
                refused = e;
            }
        }
        if (refused != null) {
            throw refused;
        }
        throw new NoValidHost();
    }
}
