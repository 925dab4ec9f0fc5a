package org.novalab.api.placement;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.novalab.api.compute.host.ComputeNodeEntity;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.compute.host.HostResources;
import org.novalab.api.compute.host.HostUsage;

/**
 * The placement view of the compute hosts: each compute node is a resource provider (its uuid, its hypervisor
 * hostname as name), whose inventory is what its compute service last reported (VCPU, MEMORY_MB with Nova's
 * reserved 512 MB, DISK_GB) with the allocation ratios the scheduler applies, whose traits are the ones it reported,
 * and whose allocations are the instances placed on it. novalab does not keep a second copy of these: it reads
 * them where the scheduler does, so what placement shows is what the scheduler decides on.
 */
final class ResourceProviders {
    static final String VCPU = "VCPU";
    static final String MEMORY_MB = "MEMORY_MB";
    static final String DISK_GB = "DISK_GB";
    /** The standard resource classes novalab's providers have, in placement's order. */
    static final List<String> CLASSES = List.of(VCPU, MEMORY_MB, DISK_GB);

    /** A compute node as placement's resource provider. */
    record Provider(String uuid, String name, String host, int generation, Optional<HostResources.Capacity> reported,
            Instant updatedAt) {
        Set<String> traits() {
            return reported.map(HostResources.Capacity::traits).orElse(Set.of());
        }
    }

    /** One resource class's inventory record. */
    record Inventory(long total, long reserved, long minUnit, long maxUnit, long stepSize, double allocationRatio) {
        /** What the scheduler may place of the class: placement's (total - reserved) * allocation ratio. */
        long capacity() {
            return (long) Math.floor((total - reserved) * allocationRatio);
        }
    }

    private final HostFit.Ratios ratios;

    ResourceProviders(HostFit.Ratios ratios) {
        this.ratios = ratios;
    }

    List<Provider> list(Session s) {
        return s.createSelectionQuery("from ComputeNodeEntity n order by n.id", ComputeNodeEntity.class).list()
                .stream().map(ResourceProviders::provider).toList();
    }

    Optional<Provider> find(Session s, String uuid) {
        return Optional.ofNullable(s.createSelectionQuery("from ComputeNodeEntity n where n.uuid = :u",
                ComputeNodeEntity.class).setParameter("u", uuid).uniqueResult()).map(ResourceProviders::provider);
    }

    Optional<Provider> onHost(Session s, String host) {
        return Optional.ofNullable(s.createSelectionQuery("from ComputeNodeEntity n where n.host = :h",
                ComputeNodeEntity.class).setParameter("h", host).uniqueResult()).map(ResourceProviders::provider);
    }

    private static Provider provider(ComputeNodeEntity n) {
        return new Provider(n.uuid(), n.hypervisorHostname(), n.host(), n.generation(), n.reported(), n.reportedAt());
    }

    /** The provider's inventory by resource class; none before its compute service first reported. */
    Map<String, Inventory> inventories(Provider p) {
        Map<String, Inventory> inventories = new LinkedHashMap<>();
        p.reported().ifPresent(c -> {
            inventories.put(VCPU, new Inventory(c.vcpus(), 0, 1, c.vcpus(), 1, ratios.cpu()));
            inventories.put(MEMORY_MB, new Inventory(c.memoryMb(), HostUsage.RESERVED_HOST_MEMORY_MB, 1, c.memoryMb(),
                    1, ratios.ram()));
            inventories.put(DISK_GB, new Inventory(c.localGb(), 0, 1, c.localGb(), 1, ratios.disk()));
        });
        return inventories;
    }

    /** What the provider's instances take, by resource class (every class of its inventory, 0 when unused). */
    Map<String, Long> usages(Session s, Provider p) {
        Map<String, Long> usages = new LinkedHashMap<>();
        inventories(p).keySet().forEach(c -> usages.put(c, 0L));
        for (HostUsage.Allocation a : HostUsage.allocations(s, p.host())) {
            add(usages, resources(a));
        }
        return usages;
    }

    /** The provider's allocations: per instance (placement's consumer), what it takes. */
    Map<String, Map<String, Long>> allocations(Session s, Provider p) {
        Map<String, Map<String, Long>> byConsumer = new LinkedHashMap<>();
        for (HostUsage.Allocation a : HostUsage.allocations(s, p.host())) {
            byConsumer.put(a.instance(), resources(a));
        }
        return byConsumer;
    }

    /** The uuids of the host aggregates the provider's host is in (Nova mirrors them as placement aggregates). */
    List<String> aggregates(Session s, Provider p) {
        return s.createSelectionQuery("select a.uuid from AggregateEntity a join a.hosts h where h = :host "
                + "order by a.id", String.class).setParameter("host", p.host()).list();
    }

    /** Whether {@code p} has room for every amount asked, within each class's max_unit (placement's filter). */
    boolean hasRoom(Session s, Provider p, Map<String, Long> asked) {
        Map<String, Inventory> inventory = inventories(p);
        Map<String, Long> used = usages(s, p);
        for (Map.Entry<String, Long> want : asked.entrySet()) {
            Inventory i = inventory.get(want.getKey());
            if (i == null || want.getValue() > i.maxUnit()
                    || used.getOrDefault(want.getKey(), 0L) + want.getValue() > i.capacity()) {
                return false;
            }
        }
        return true;
    }

    /** What one instance takes, by class; classes it takes none of are left out, as placement leaves them. */
    static Map<String, Long> resources(HostUsage.Allocation a) {
        Map<String, Long> r = new LinkedHashMap<>();
        r.put(VCPU, a.vcpus());
        r.put(MEMORY_MB, a.memoryMb());
        if (a.diskGb() > 0) {
            r.put(DISK_GB, a.diskGb());
        }
        return r;
    }

    static void add(Map<String, Long> into, Map<String, Long> more) {
        more.forEach((k, v) -> into.merge(k, v, Long::sum));
    }
}
