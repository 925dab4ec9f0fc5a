package org.novalab.compute.host;

import java.util.Set;
import java.util.TreeSet;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.disk.EncryptionFormat;

/**
 * The traits a compute host reports of its encryption support, as Nova's libvirt driver reports them to placement
 * and CloudStack's KVM agent reports {@code host.volume.encryption}. The scheduler filters on them, so it never asks
 * a host over the bus while it chooses.
 * <ul>
 * <li>File disks in the instance directory (Nova's {@code images_type} qcow2 and flat, one disk library):
 * {@code COMPUTE_EPHEMERAL_ENCRYPTION} when the host can encrypt them at all, {@code
 * COMPUTE_EPHEMERAL_ENCRYPTION_LUKS} for LUKS, and {@code CUSTOM_EPHEMERAL_ENCRYPTION_QCOW_AES} for legacy qcow AES,
 * which Nova has no trait for.</li>
 * <li>Rbd volumes (CloudStack's encrypted volumes): {@code CUSTOM_VOLUME_ENCRYPTION} and, per format,
 * {@code CUSTOM_VOLUME_ENCRYPTION_LUKS} or {@code CUSTOM_VOLUME_ENCRYPTION_QCOW_AES}.</li>
 * </ul>
 */
public final class HostTraits {
    public static final String EPHEMERAL_ENCRYPTION = "COMPUTE_EPHEMERAL_ENCRYPTION";
    public static final String VOLUME_ENCRYPTION = "CUSTOM_VOLUME_ENCRYPTION";

    private HostTraits() {
    }

    /** Every trait {@code caps} earns, sorted. */
    public static Set<String> of(HostCapabilities caps) {
        Set<String> traits = new TreeSet<>();
        for (BackendKind backend : BackendKind.values()) {
            if (caps.canEncrypt(backend)) {
                traits.add(encryption(backend));
            }
            for (EncryptionFormat format : EncryptionFormat.values()) {
                if (caps.canEncrypt(backend, format)) {
                    traits.add(encryption(backend, format));
                }
            }
        }
        return traits;
    }

    /** Every trait a host may report, sorted. */
    public static Set<String> all() {
        Set<String> traits = new TreeSet<>();
        for (BackendKind backend : BackendKind.values()) {
            traits.add(encryption(backend));
            for (EncryptionFormat format : EncryptionFormat.values()) {
                traits.add(encryption(backend, format));
            }
        }
        return traits;
    }

    /** The trait of a host that can encrypt disks of {@code backend} in some format. */
    public static String encryption(BackendKind backend) {
        return backend == BackendKind.RBD ? VOLUME_ENCRYPTION : EPHEMERAL_ENCRYPTION;
    }

    /** The trait of a host that can encrypt disks of {@code backend} with {@code format}. */
    public static String encryption(BackendKind backend, EncryptionFormat format) {
        String family = encryption(backend);
        return switch (format) {
            case LUKS -> family + "_LUKS";
            // Nova has no trait for legacy qcow AES: placement's custom traits start with CUSTOM_
            case AES -> family.replaceFirst("^COMPUTE_", "CUSTOM_") + "_QCOW_AES";
        };
    }
}
