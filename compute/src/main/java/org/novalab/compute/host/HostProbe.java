package org.novalab.compute.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretStore;
import org.novalab.disk.EncryptionFormat;

/**
 * Probes what this host can do with encrypted disks (CloudStack's {@code host.volume.encryption}): novalab's Java
 * disk library always writes LUKS and legacy AES; the real qemu-img can when it is 2.10 or newer; a real libvirt
 * needs its secret API, and libvirt 9 refuses legacy AES ({@code <encryption format='qcow'>}) altogether.
 */
public final class HostProbe {
    private static final Pattern VERSION = Pattern.compile("qemu-img version (\\d+)\\.(\\d+)(\\.\\d+)?");

    private HostProbe() {
    }

    public static HostCapabilities probe(Hypervisor hypervisor, SecretStore secrets, Optional<String> qemuImgVersion) {
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
        encryption.put(BackendKind.QCOW2, fileFormats);
        encryption.put(BackendKind.FLAT, fileFormats);
        encryption.put(BackendKind.RBD, EnumSet.noneOf(EncryptionFormat.class));
        notes.add("rbd: only qcow2 disks can be encrypted");
        boolean qemuLuks = qemuImgVersion.map(HostProbe::supportsLuks).orElse(false);
        notes.add(qemuImgVersion.map(v -> "qemu-img " + v + (qemuLuks ? " writes LUKS qcow2" : " cannot write LUKS qcow2"))
                .orElse("qemu-img not installed: the pure-Java disk library does all disk work"));
        return new HostCapabilities(hypervisor.uri(), real, true, qemuLuks, qemuImgVersion, libvirtSecrets, !libvirtSecrets,
                encryption, notes);
    }

    /** LUKS inside qcow2 ({@code encrypt.format=luks}) arrived in QEMU 2.10. */
    static boolean supportsLuks(String version) {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 2 || (major == 2 && minor >= 10);
    }

    /** Runs {@code qemu-img --version}; empty when it is not installed. */
    public static Optional<String> qemuImgVersion() {
        try {
            Process p = new ProcessBuilder("qemu-img", "--version").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(new String(out, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : m.group(3)))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
