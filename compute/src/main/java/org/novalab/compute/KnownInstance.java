package org.novalab.compute;

import java.util.UUID;
import org.novalab.compute.state.PowerState;

/** What the database believes about an instance, for {@link ComputeDriver#reconcile}. */
public record KnownInstance(UUID uuid, String domainName, PowerState expected) {
}
