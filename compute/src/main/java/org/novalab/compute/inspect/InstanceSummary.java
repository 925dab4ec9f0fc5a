package org.novalab.compute.inspect;

import java.util.UUID;

/** An instance directory of the host, its domain and the domain's state as virsh names it. */
public record InstanceSummary(UUID uuid, String domainName, String status) {
}
