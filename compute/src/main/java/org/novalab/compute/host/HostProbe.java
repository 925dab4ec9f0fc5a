package org.novalab.compute.host;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.backend.EncryptionSupport;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretStore;
import org.novalab.disk.DiskException;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.qemu.QemuImgCapabilities;
import org.novalab.disk.qemu.QemuImgTool;

/**
 * Probes what this host can do with encrypted disks (CloudStack's {@code host.volume.encryption}): novalab's Java
 * disk library always writes LUKS and legacy AES; the real qemu-img says itself whether it accepts
 * {@code encrypt.format=luks}; a real libvirt needs its secret API, and libvirt 9 refuses legacy AES
 * ({@code <encryption format='qcow'>}) altogether. What each image backend can encrypt, the backend says.
 */
public final class HostProbe {
    private HostProbe() {
    }

    /** @param backends what each of the host's image backends can encrypt (Nova's {@code SUPPORTS_LUKS}) */
    public static HostCapabilities probe(Hypervisor hypervisor, SecretStore secrets, Optional<QemuImgCapabilities> qemuImg,
                                         Map<BackendKind, EncryptionSupport> backends) {
        boolean real = hypervisor.runsRealGuests();
        boolean libvirtSecrets = secrets.isLibvirt();
        List<String> notes = new ArrayList<>();
        Set<EncryptionFormat> fileFormats = EnumSet.noneOf(EncryptionFormat.class);
        if (!real) {
            fileFormats.addAll(EnumSet.allOf(EncryptionFormat.class));
            notes.add("test driver: novalab keeps the secrets and emulates the boot (luks and legacy qcow AES)");
        } else if (libvirtSecrets) {
            fileFormats.add(EncryptionFormat.LUKS);
            notes.add("real libvirt: LUKS through libvirt secrets; libvirt 9 refuses legacy qcow AES "
                    + "(<encryption format='qcow'>) and QEMU 7.2 no longer opens AES images in system emulators");
        } else {
            notes.add("real hypervisor without libvirt's secret API: encrypted disks cannot be started");
        }
        Map<BackendKind, Set<EncryptionFormat>> encryption = new EnumMap<>(BackendKind.class);
        Map<BackendKind, String> refusals = new EnumMap<>(BackendKind.class);
        backends.forEach((kind, support) -> {
            Set<EncryptionFormat> formats = EnumSet.noneOf(EncryptionFormat.class);
            formats.addAll(support.formats());
            formats.retainAll(fileFormats);
            encryption.put(kind, formats);
            if (support.formats().isEmpty()) {
                refusals.put(kind, support.refusal());
                notes.add(kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + support.refusal());
            }
        });
        boolean qemuLuks = qemuImg.map(QemuImgCapabilities::luksInQcow2).orElse(false);
        notes.add(qemuImg.map(q -> "qemu-img " + q.version() + (qemuLuks ? " writes LUKS qcow2" : " cannot write LUKS qcow2"))
                .orElse("qemu-img not installed: the pure-Java disk library does all disk work"));
        return new HostCapabilities(hypervisor.uri(), real, true, qemuLuks, qemuImg.map(QemuImgCapabilities::version),
                libvirtSecrets, !libvirtSecrets, encryption, refusals, notes);
    }

    /** The installed qemu-img's capabilities; empty when it is not installed or does not answer. */
    public static Optional<QemuImgCapabilities> qemuImg() {
        try {
            return Optional.of(QemuImgTool.onPath().probe());
        } catch (DiskException e) {
            return Optional.empty();
        }
    }
}
