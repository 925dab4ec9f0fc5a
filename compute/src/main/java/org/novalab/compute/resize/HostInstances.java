package org.novalab.compute.resize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.state.PowerState;

/**
 * The instances of one compute host as a resize or a move sees them: each one's directory under the instances path
 * and its libvirt domain. Both the resize on one host and the move between hosts power guests off, undefine them and
 * read their state the same way; this is that one way.
 */
final class HostInstances {
    private final Path instancesDir;
    private final Hypervisor hypervisor;

    HostInstances(Path instancesDir, Hypervisor hypervisor) {
        this.instancesDir = instancesDir;
        this.hypervisor = hypervisor;
    }

    Path dirOf(UUID instance) {
        return instancesDir.resolve(instance.toString());
    }

    ResizeDirs resizeDirsOf(UUID instance) {
        return new ResizeDirs(dirOf(instance));
    }

    /** The files of an instance this host has, or {@link InstanceNotFound}. */
    InstanceFiles filesOf(UUID instance) {
        Path dir = dirOf(instance);
        if (!Files.isDirectory(dir)) {
            throw new InstanceNotFound(instance);
        }
        return InstanceFiles.of(dir);
    }

    /** A hard power-off of a running or paused guest; a shut-off or absent domain is left as it is. */
    void powerOff(UUID instance) {
        hypervisor.lookup(instance).filter(s -> s.state() == PowerState.RUNNING || s.state() == PowerState.PAUSED)
                .ifPresent(s -> hypervisor.powerOff(s.name()));
    }

    /** The guest powered off and its domain undefined, when this host has one. */
    void removeDomain(UUID instance) {
        powerOff(instance);
        hypervisor.lookup(instance).ifPresent(s -> hypervisor.undefine(s.name()));
    }

    PowerState state(String domainName) {
        return hypervisor.lookup(domainName).map(DomainStatus::state).orElse(PowerState.NOSTATE);
    }
}
