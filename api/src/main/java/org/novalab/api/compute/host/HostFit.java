package org.novalab.api.compute.host;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Nova's resource filters (vCPUs, memory, disk, as placement applies them with allocation ratios) and its claim:
 * what is left of a host for new instances, from what the host's compute service reported, what the instances
 * placed on it take ({@link HostUsage}) and the ratios. The scheduler asks {@link #free} to choose; the claim asks
 * it again with the host's compute node row locked, in the transaction that records the instance on the host, so
 * two boots racing for the last room of a host never both get it.
 */
public final class HostFit {
    /** What an instance takes of a host, or what a host has left. */
    public record Need(long vcpus, long memoryMb, long diskGb) {
        public static final Need NONE = new Need(0, 0, 0);

        /** What an instance of a flavor takes: its local disks in GiB, its root only when not an Rbd volume. */
        public static Need of(int vcpus, int ramMb, int rootGb, int ephemeralGb, int swapMb,
                org.novalab.compute.BackendKind backend) {
            long root = backend == org.novalab.compute.BackendKind.RBD ? 0 : rootGb;
            return new Need(vcpus, ramMb, root + ephemeralGb + swapMb / 1024);
        }

        public Need plus(Need other) {
            return new Need(vcpus + other.vcpus, memoryMb + other.memoryMb, diskGb + other.diskGb);
        }

        public Need minus(Need other) {
            return new Need(vcpus - other.vcpus, memoryMb - other.memoryMb, diskGb - other.diskGb);
        }

        /** Why {@code need} does not fit in what this has left, in the words of Nova's filters; empty if it fits. */
        public Optional<String> refusal(Need need) {
            if (need.vcpus > vcpus) {
                return Optional.of("VCPU: " + need.vcpus + " asked, " + Math.max(0, vcpus) + " free");
            }
            if (need.memoryMb > memoryMb) {
                return Optional.of("MEMORY_MB: " + need.memoryMb + " asked, " + Math.max(0, memoryMb) + " free");
            }
            if (need.diskGb > diskGb) {
                return Optional.of("DISK_GB: " + need.diskGb + " asked, " + Math.max(0, diskGb) + " free");
            }
            return Optional.empty();
        }
    }

    /** Nova's {@code cpu_allocation_ratio}, {@code ram_allocation_ratio}, {@code disk_allocation_ratio}. */
    public record Ratios(double cpu, double ram, double disk) {
    }

    private final Ratios ratios;

    public HostFit(Ratios ratios) {
        this.ratios = ratios;
    }

    /**
     * Locks the compute node rows of {@code hosts} until the transaction ends, in name order, so that two claims
     * over the same hosts (a request of several instances, an alternate) wait for each other and never deadlock.
     */
    public void lock(Session s, java.util.Collection<String> hosts) {
        for (String host : new java.util.TreeSet<>(hosts)) {
            s.createSelectionQuery("from ComputeNodeEntity n where n.host = :h", ComputeNodeEntity.class)
                    .setParameter("h", host).setLockMode(LockModeType.PESSIMISTIC_WRITE).list();
        }
    }

    /**
     * What a host offers a new instance: what it has left, the traits it reported, and the instances it supports (its
     * CPU's architecture and its hypervisor's type, for Nova's ImagePropertiesFilter).
     */
    public record Offer(Need free, java.util.Set<String> traits, String arch, String hypervisorType) {
    }

    /**
     * What {@code host} has left: its reported resources times the ratios, less what its instances take (those
     * {@code s} has recorded so far included). Empty for a host that never reported (no compute node): nothing is
     * known to fit there.
     *
     * @param lock hold the host's compute node row until the transaction ends (the claim)
     */
    public Optional<Need> free(Session s, String host, boolean lock) {
        return offer(s, host, lock).map(Offer::free);
    }

    /**
     * What every host that reported has left and its traits ({@link #offer} of each, unlocked), from one read of
     * the compute nodes and one of what their instances take: the scheduler's choice costs the same few queries
     * with ten hosts or a thousand.
     */
    public java.util.Map<String, Offer> offers(Session s) {
        java.util.Map<String, Need> used = HostUsage.onEveryHost(s);
        java.util.Map<String, Offer> offers = new java.util.HashMap<>();
        Need idle = new Need(0, HostUsage.RESERVED_HOST_MEMORY_MB, 0);
        for (ComputeNodeEntity node : s.createSelectionQuery("from ComputeNodeEntity n", ComputeNodeEntity.class)
                .list()) {
            node.reported().ifPresent(c -> offers.put(node.host(), offerOf(c, used.getOrDefault(node.host(), idle))));
        }
        return offers;
    }

    private Offer offerOf(HostResources.Capacity c, Need used) {
        return new Offer(new Need((long) Math.floor(c.vcpus() * ratios.cpu()) - used.vcpus(),
                (long) Math.floor(c.memoryMb() * ratios.ram()) - used.memoryMb(),
                (long) Math.floor(c.localGb() * ratios.disk()) - used.diskGb()), c.traits(),
                c.cpuInfo().getString("arch", "x86_64"), c.hypervisorType());
    }

    /** What {@code host} has left ({@link #free}) and its traits, from one read of its compute node row. */
    public Optional<Offer> offer(Session s, String host, boolean lock) {
        var q = s.createSelectionQuery("from ComputeNodeEntity n where n.host = :h", ComputeNodeEntity.class)
                .setParameter("h", host);
        if (lock) {
            q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        Optional<HostResources.Capacity> reported = Optional.ofNullable(q.uniqueResult())
                .flatMap(ComputeNodeEntity::reported);
        if (reported.isEmpty()) {
            return Optional.empty();
        }
        HostUsage.Used used = HostUsage.on(s, host);
        return Optional.of(offerOf(reported.get(), new Need(used.vcpus(), used.memoryMb(), used.localGb())));
    }
}
