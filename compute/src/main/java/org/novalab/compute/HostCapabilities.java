package org.novalab.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.disk.EncryptionFormat;

/**
 * What this host can do with encrypted disks, like CloudStack's {@code host.volume.encryption}: per backend, the
 * formats a spawned instance can be encrypted with.
 *
 * @param pureJavaDisks   novalab's own disk library (always)
 * @param qemuImgLuks     the installed qemu-img can write LUKS-in-qcow2
 * @param libvirtSecrets  the hypervisor connection has libvirt's secret API
 * @param emulatedSecrets novalab keeps the secrets itself (the test driver has no secret API)
 */
public record HostCapabilities(String hypervisorUri, boolean realGuests, boolean pureJavaDisks, boolean qemuImgLuks,
                               Optional<String> qemuImgVersion, boolean libvirtSecrets, boolean emulatedSecrets,
                               Map<BackendKind, Set<EncryptionFormat>> encryption, List<String> notes) {
    public HostCapabilities {
        encryption = Map.copyOf(encryption);
        notes = List.copyOf(notes);
    }

    public boolean canEncrypt(BackendKind backend) {
        return !encryption.getOrDefault(backend, Set.of()).isEmpty();
    }

    public boolean canEncrypt(BackendKind backend, EncryptionFormat format) {
        return encryption.getOrDefault(backend, Set.of()).contains(format);
    }

    /** CloudStack's host detail: can this host run encrypted volumes at all. */
    public boolean volumeEncryption() {
        return encryption.values().stream().anyMatch(s -> !s.isEmpty());
    }
}
