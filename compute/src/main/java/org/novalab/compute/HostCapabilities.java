package org.novalab.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.disk.EncryptionFormat;

/**
 * What this host can do with encrypted disks, like CloudStack's {@code host.volume.encryption} and Nova's
 * {@code COMPUTE_EPHEMERAL_ENCRYPTION_*} traits: per backend, the formats a spawned instance can be encrypted
 * with, and why not where it cannot. The scheduler and the driver ask {@link #requireEncryption} the same question.
 *
 * @param pureJavaDisks   novalab's own disk library (always)
 * @param qemuImgLuks     the installed qemu-img can write LUKS-in-qcow2
 * @param libvirtSecrets  the hypervisor connection has libvirt's secret API
 * @param emulatedSecrets novalab keeps the secrets itself (the test driver has no secret API)
 * @param refusals        per backend that cannot encrypt, the reason
 */
public record HostCapabilities(String hypervisorUri, boolean realGuests, boolean pureJavaDisks, boolean qemuImgLuks,
                               Optional<String> qemuImgVersion, boolean libvirtSecrets, boolean emulatedSecrets,
                               Map<BackendKind, Set<EncryptionFormat>> encryption, Map<BackendKind, String> refusals,
                               List<String> notes) {
    public HostCapabilities {
        encryption = Map.copyOf(encryption);
        refusals = Map.copyOf(refusals);
        notes = List.copyOf(notes);
    }

    public boolean canEncrypt(BackendKind backend) {
        return !encryption.getOrDefault(backend, Set.of()).isEmpty();
    }

    public boolean canEncrypt(BackendKind backend, EncryptionFormat format) {
        return encryption.getOrDefault(backend, Set.of()).contains(format);
    }

    /**
     * Refuses, before anything is made, an encrypted disk of a backend this host cannot encrypt at all. Which
     * formats a real libvirt takes it says itself, in its own words, when the domain is defined (libvirt 9 refuses
     * legacy qcow AES), so the lab can show that refusal as it is.
     */
    public void requireEncryption(BackendKind backend, EncryptionChoice choice) {
        if (!choice.enabled() || canEncrypt(backend)) {
            return;
        }
        throw new EncryptionNotSupported(Optional.ofNullable(refusals.get(backend))
                .orElseGet(() -> "this host cannot run encrypted disks with the " + backend + " backend ("
                        + String.join("; ", notes) + ")"));
    }

    /** CloudStack's host detail: can this host run encrypted volumes at all. */
    public boolean volumeEncryption() {
        return encryption.values().stream().anyMatch(s -> !s.isEmpty());
    }
}
