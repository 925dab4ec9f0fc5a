package org.novalab.api.compute;

import java.util.function.Predicate;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;

/**
 * Picks the compute host a new instance goes to (Nova's filter scheduler, with two filters and one weigher): only
 * hosts whose compute service is enabled and up (Nova's ComputeFilter), and of those only hosts that can encrypt the root disk's backend at all pass ({@link HostCapabilities#requireEncryption}, the rule
 * the driver checks again; CloudStack starts VMs with encrypted volumes only on hosts that advertise encryption
 * support, Nova asks placement for {@code COMPUTE_EPHEMERAL_ENCRYPTION}); of those, one that names the disk's
 * very format comes first; then name order. A server group adds its filter and weigher ({@link HostPlacement}).
 */
final class Scheduler {
    private final ComputeHosts hosts;
    private final ComputeApi compute;
    private final Predicate<String> enabled;

    /** @param enabled Nova's ComputeFilter: the host's compute service is enabled and up */
    Scheduler(ComputeHosts hosts, ComputeApi compute, Predicate<String> enabled) {
        this.hosts = hosts;
        this.compute = compute;
        this.enabled = enabled;
    }

    String select(SpawnRequest request) {
        return select(request, HostPlacement.ANY);
    }

    /**
     * @param group the placement a server group asks for (its filter and weigher)
     * @throws EncryptionNotSupported with the last host's reason when no host can encrypt the disk
     * @throws NoValidHost when no host is enabled and up, or the group lets none pass
     */
    String select(SpawnRequest request, HostPlacement group) {
        EncryptionNotSupported refused = null;
        String best = null;
        int bestScore = Integer.MIN_VALUE;
        for (String host : hosts.hosts()) {
            if (!enabled.test(host) || !group.passes(host)) {
                continue;
            }
            HostCapabilities caps = compute.getCapabilities(host);
            try {
                caps.requireEncryption(request.backend(), request.encryption());
            } catch (EncryptionNotSupported e) {
                refused = e;
                continue;
            }
            boolean exactFormat = request.encryption().format().map(f -> caps.canEncrypt(request.backend(), f))
                    .orElse(true);
            // the group's weigher first, then the host that names the disk's very format, then name order
            int score = group.weight(host) * 2 + (exactFormat ? 1 : 0);
            if (best == null || score > bestScore) {
                best = host;
                bestScore = score;
            }
        }
        if (best != null) {
            return best;
        }
        throw refused != null ? refused : new NoValidHost();
    }
}
