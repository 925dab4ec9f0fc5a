package org.novalab.compute.host;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.disk.EncryptionFormat;

/**
 * What a compute host offers of the encryption its probe found ({@code [novalab] host_encryption}): all of it, LUKS
 * only, or none, a host that runs plain disks only. It is a lab's knob: a small cloud with one host that cannot
 * encrypt shows that the scheduler sends encrypted disks elsewhere (CloudStack starts VMs with encrypted volumes
 * only on hosts that advertise encryption support). The host refuses what it does not offer as it refuses what it
 * cannot do, and reports traits to match.
 */
public enum OfferedEncryption {
    /** Everything the probe found. */
    PROBED(EnumSet.allOf(EncryptionFormat.class)),
    /** LUKS only, as Nova offers it. */
    LUKS(EnumSet.of(EncryptionFormat.LUKS)),
    /** No encrypted disk at all. */
    NONE(EnumSet.noneOf(EncryptionFormat.class));

    private final Set<EncryptionFormat> formats;

    OfferedEncryption(Set<EncryptionFormat> formats) {
        this.formats = formats;
    }

    /** The option's value: probed, luks or none. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OfferedEncryption ofConfigName(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    /** {@code probed} less what this host does not offer, with the reason for each backend left with nothing. */
    public HostCapabilities restrict(HostCapabilities probed) {
        if (this == PROBED) {
            return probed;
        }
        Map<BackendKind, Set<EncryptionFormat>> encryption = new EnumMap<>(BackendKind.class);
        Map<BackendKind, String> refusals = new EnumMap<>(BackendKind.class);
        refusals.putAll(probed.refusals());
        String why = "this host offers " + (this == NONE ? "no encrypted disks" : "LUKS only")
                + " ([novalab] host_encryption = " + configName() + ")";
        probed.encryption().forEach((backend, found) -> {
            Set<EncryptionFormat> kept = EnumSet.noneOf(EncryptionFormat.class);
            kept.addAll(found);
            kept.retainAll(formats);
            encryption.put(backend, kept);
            if (kept.isEmpty() && !found.isEmpty()) {
                refusals.put(backend, why);
            }
        });
        List<String> notes = new ArrayList<>(probed.notes());
        notes.add(why);
        return new HostCapabilities(probed.hypervisorUri(), probed.realGuests(), probed.pureJavaDisks(),
                probed.qemuImgLuks(), probed.qemuImgVersion(), probed.libvirtSecrets(), probed.emulatedSecrets(),
                encryption, refusals, notes);
    }
}
