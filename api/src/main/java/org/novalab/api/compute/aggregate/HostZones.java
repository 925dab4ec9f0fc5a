package org.novalab.api.compute.aggregate;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.novalab.api.compute.AvailabilityZone;
import org.novalab.api.compute.HostPlacement;
import org.novalab.api.compute.host.ServiceRegistry;

/**
 * The availability zones of the compute hosts at one moment (Nova's {@code set_availability_zones}): a host is in the
 * zones its aggregates name, and in Nova's default zone when none of them names one; a service other than
 * nova-compute is in the internal zone. Nova refuses to put a host in two zones, so a host has one, but Nova shows
 * the zones of a host joined with commas, and so does this.
 */
public record HostZones(Map<String, SortedSet<String>> byHost) {
    public HostZones {
        Map<String, SortedSet<String>> copy = new TreeMap<>();
        byHost.forEach((host, zones) -> copy.put(host, Collections.unmodifiableSortedSet(new TreeSet<>(zones))));
        byHost = Collections.unmodifiableMap(copy);
    }

    /** The zones of a compute host: those its aggregates name, else Nova's default zone. */
    public Set<String> of(String computeHost) {
        SortedSet<String> zones = byHost.get(computeHost);
        return zones == null || zones.isEmpty() ? Set.of(AvailabilityZone.DEFAULT) : zones;
    }

    /** The zone a compute host shows. */
    public String nameOf(String computeHost) {
        return String.join(",", of(computeHost));
    }

    /** The zone a service shows: its host's for nova-compute, the internal zone for the others. */
    public String ofService(String binary, String host) {
        return binary.equals(ServiceRegistry.COMPUTE) ? nameOf(host) : AvailabilityZone.INTERNAL;
    }

    /** Whether a compute host is in {@code zone} (Nova's AvailabilityZoneFilter). */
    public boolean isIn(String computeHost, String zone) {
        return of(computeHost).contains(zone);
    }

    /** The scheduler's AvailabilityZoneFilter for a requested zone (null: any host passes). */
    public HostPlacement within(String zone) {
        return zone == null ? HostPlacement.ANY : HostPlacement.filter(host -> isIn(host, zone));
    }
}
