package org.novalab.compute.rpc;

import java.util.UUID;
import org.novalab.compute.InstanceName;

/** Which instance a call is about: its uuid, and its number (which names the domain). */
public record InstanceRef(UUID uuid, long number) {
    public String domainName() {
        return InstanceName.of(number);
    }
}
