package org.novalab.compute.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of a libvirt domain novalab writes and reads back: a {@code type='qemu'} x86_64 {@code pc} guest that
 * boots from its first disk, with a serial console logged to a file.
 */
public record DomainDefinition(String type, String name, UUID uuid, long memoryKib, int vcpus,
                               List<DiskDefinition> disks, Optional<Path> consoleLog) {
    public DomainDefinition {
        if (name == null || name.isBlank() || uuid == null) {
            throw new InvalidXml("a domain needs a name and a uuid");
        }
        if (memoryKib <= 0 || vcpus <= 0) {
            throw new InvalidXml("domain " + name + ": memory and vcpus must be positive");
        }
        disks = List.copyOf(disks);
        consoleLog = consoleLog == null ? Optional.empty() : consoleLog;
        type = type == null ? "qemu" : type;
    }

    /** The disk the firmware boots ({@code <boot dev='hd'/>}: the first one). */
    public Optional<DiskDefinition> bootDisk() {
        return disks.stream().findFirst();
    }
}
