package org.novalab.compute.hypervisor;

import java.util.UUID;
import org.novalab.compute.state.PowerState;

/** A domain as the hypervisor lists it. */
public record DomainStatus(String name, UUID uuid, PowerState state, boolean persistent) {
}
