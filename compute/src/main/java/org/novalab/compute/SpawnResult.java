package org.novalab.compute;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.state.PowerState;

/**
 * A spawned instance: its domain runs. {@code console} is what the guest printed so far (console.log);
 * {@code fault} says when the domain runs but the guest did not boot (e.g. "No bootable device.").
 */
public record SpawnResult(UUID uuid, String domainName, PowerState state, Path instanceDir, Optional<UUID> secretUuid,
                          String console, Optional<String> fault) {
}
