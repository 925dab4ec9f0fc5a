package org.novalab.api.compute;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.persistence.Database;
import org.novalab.compute.BackendKind;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.host.HostTraits;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;

/**
 * Picks the compute host a new instance goes to, as Nova's filter scheduler does. Filters: the host's compute
 * service is enabled and up (Nova's ComputeFilter); what the host has left (its reported vCPUs, memory and disk
 * times the allocation ratios, less its instances and those this request placed before) holds the flavor
 * ({@link HostFit}, placement's allocation candidates); the host can encrypt the root disk's backend at all (it
 * reports the trait {@link HostTraits#encryption(org.novalab.compute.BackendKind)}, the rule
 * {@link HostCapabilities#requireEncryption} the driver checks again; CloudStack starts VMs with encrypted volumes
 * only on hosts that advertise encryption support, Nova's prefilter asks placement for
 * {@code COMPUTE_EPHEMERAL_ENCRYPTION}); the image's architecture, hypervisor type and vm mode
 * ({@link ImagePropertiesFilter}); a server group's and a zone's filter ({@link HostPlacement}). Weighers, in
 * this order: the group's, a host that reports the disk's very format ({@code COMPUTE_EPHEMERAL_ENCRYPTION_LUKS}),
 * the most free memory (Nova's RAMWeigher, which spreads), then name order. The choice reads the hosts' rows only,
 * every host's in one read ({@link HostFit#offers}); no host is asked over the bus while the scheduler chooses. The claim that makes the choice stick is the
 * {@link ServerService}'s.
 */
final class Scheduler {
    private final ComputeHosts hosts;
    private final ComputeApi compute;
    private final Supplier<Set<String>> enabled;
    private final Database db;
    private final HostFit fit;

    /** @param enabled Nova's ComputeFilter: the hosts whose compute service is enabled and up, read once a choice */
    Scheduler(ComputeHosts hosts, ComputeApi compute, Supplier<Set<String>> enabled, Database db, HostFit fit,
            int maxAttempts) {
        this.maxAttempts = maxAttempts;
        this.hosts = hosts;
        this.compute = compute;
        this.enabled = enabled;
        this.db = db;
        this.fit = fit;
    }

    private record Candidate(String host, int groupWeight, boolean exactFormat, long freeMemoryMb) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingInt(Candidate::groupWeight)
            .thenComparing(Candidate::exactFormat).thenComparingLong(Candidate::freeMemoryMb).reversed()
            .thenComparing(Candidate::host);

    /**
     * The claim ({@link ServerService} makes it where it records the instance): what {@code host} has left, counted
     * again with its compute node row locked until {@code s} ends; why {@code need} does not fit, if it does not.
     */
    Optional<String> claim(org.hibernate.Session s, String host, HostFit.Need need) {
        return fit.free(s, host, true).map(free -> free.refusal(need))
                .orElse(Optional.of("the host reports no resources"));
    }

    /** Before a request's claims: every host they may take, locked in name order (no deadlock between two). */
    void lockForClaims(org.hibernate.Session s, java.util.Collection<String> hosts) {
        fit.lock(s, hosts);
    }

    /** Nova's {@code [scheduler] max_attempts}: the chosen host and its alternates, this many at most. */
    private final int maxAttempts;

    /**
     * The hosts the instance may go to, best first: the chosen one and its alternates (at most
     * {@code max_attempts} in all), for the claim to try in order as Nova's conductor does.
     *
     * @param need    what the instance takes of a host
     * @param pending what this request placed on each host before (not recorded yet)
     * @param group   the placement a server group and a zone ask for (filter and weigher)
     * @throws EncryptionNotSupported with the last host's reason when no host can encrypt the disk
     * @throws NoValidHost when no host is enabled, up and has room, or the group lets none pass
     */
    java.util.List<String> select(SpawnRequest request, HostFit.Need need, Map<String, HostFit.Need> pending,
            HostPlacement group) {
        return select(request.backend(), request.encryption(), need, pending, group, request.imageProperties());
    }

    /**
     * The same for a disk of {@code backend} encrypted as {@code encryption} (a new one, or one that moves) of an
     * image with properties {@code image}.
     */
    java.util.List<String> select(BackendKind backend, EncryptionChoice encryption, HostFit.Need need,
            Map<String, HostFit.Need> pending, HostPlacement group, Map<String, String> image) {
        String encrypts = HostTraits.encryption(backend);
        Optional<String> exactTrait = encryption.format().map(f -> HostTraits.encryption(backend, f));
        String refusedBy = null;
        java.util.List<Candidate> passed = new java.util.ArrayList<>();
        Map<String, HostFit.Offer> offers = db.read(fit::offers);
        Set<String> up = enabled.get();
        for (String host : hosts.hosts()) {
            if (!up.contains(host) || !group.passes(host)) {
                continue;
            }
            Optional<HostFit.Offer> offer = Optional.ofNullable(offers.get(host));
            if (offer.isEmpty()) {
                continue;
            }
            HostFit.Need free = offer.get().free().minus(pending.getOrDefault(host, HostFit.Need.NONE));
            if (free.refusal(need).isPresent() || !ImagePropertiesFilter.passes(image, offer.get())) {
                continue;
            }
            java.util.Set<String> traits = offer.get().traits();
            if (encryption.enabled() && !traits.contains(encrypts)) {
                refusedBy = host;
                continue;
            }
            boolean exactFormat = exactTrait.map(traits::contains).orElse(true);
            passed.add(new Candidate(host, group.weight(host), exactFormat, free.memoryMb() - need.memoryMb()));
        }
        if (!passed.isEmpty()) {
            return passed.stream().sorted(BEST_FIRST).limit(maxAttempts).map(Candidate::host).toList();
        }
        throw refusedBy != null ? refusal(refusedBy, backend, encryption, encrypts) : new NoValidHost();
    }

    /**
     * Why the last host that had room cannot encrypt the disk, in its own words (asked only now, when no host is
     * left: the choice itself reads traits only).
     */
    private EncryptionNotSupported refusal(String host, BackendKind backend, EncryptionChoice encryption,
            String trait) {
        String fallback = "No compute host with room can encrypt this disk: none reports the trait " + trait + ".";
        try {
            compute.getCapabilities(host).requireEncryption(backend, encryption);
        } catch (EncryptionNotSupported e) {
            return e;
        } catch (RuntimeException e) {
            return new EncryptionNotSupported(fallback);
        }
        // the host gained the support since it last reported; it says so at its next report
        return new EncryptionNotSupported(fallback + " Host " + host + " can now; it reports so within a minute.");
    }
}
