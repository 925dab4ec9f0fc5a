package org.novalab.compute;

import java.nio.file.Path;
import org.novalab.compute.host.OfferedEncryption;
import org.novalab.disk.LuksParams;

/**
 * The compute host's settings.
 *
 * @param instancesDir           Nova's {@code instances_path}: {@code _base/}, {@code <uuid>/} directories and the
 *                               state (master key, passphrase table)
 * @param hypervisorUri          libvirt URI; {@code test:///default} (in-process, emulated boot) by default
 * @param luks                   key-slot parameters for new LUKS disks
 * @param shareWithHypervisorUser make instance directories and files accessible to an unprivileged QEMU (an
 *                               unprivileged session libvirtd runs guests as another user, e.g. nobody)
 * @param baseSubdirectory       Nova's {@code [image_cache] subdirectory_name} (default {@code _base})
 * @param offeredEncryption      what the host offers of the encryption its probe finds (default all of it)
 */
public record ComputeConfig(Path instancesDir, String hypervisorUri, LuksParams luks, boolean shareWithHypervisorUser,
                            String baseSubdirectory, OfferedEncryption offeredEncryption) {
    public static final String DEFAULT_URI = "test:///default";
    /** A fixed PBKDF2 cost (QEMU's minimum, 1000 iterations): LUKS disks open in milliseconds; qemu-img calibrates to 2 s. */
    public static final LuksParams LAB_LUKS = LuksParams.withIterations(1000);

    public ComputeConfig {
        if (instancesDir == null) {
            throw new IllegalArgumentException("instancesDir is required");
        }
        instancesDir = instancesDir.toAbsolutePath().normalize();
        hypervisorUri = hypervisorUri == null || hypervisorUri.isBlank() ? DEFAULT_URI : hypervisorUri;
        luks = luks == null ? LAB_LUKS : luks;
        baseSubdirectory = baseSubdirectory == null ? "_base" : baseSubdirectory;
        offeredEncryption = offeredEncryption == null ? OfferedEncryption.PROBED : offeredEncryption;
    }

    /** Offering all the encryption the probe finds. */
    public ComputeConfig(Path instancesDir, String hypervisorUri, LuksParams luks, boolean shareWithHypervisorUser,
                         String baseSubdirectory) {
        this(instancesDir, hypervisorUri, luks, shareWithHypervisorUser, baseSubdirectory, null);
    }

    /** With Nova's image cache directory, {@code _base}. */
    public ComputeConfig(Path instancesDir, String hypervisorUri, LuksParams luks, boolean shareWithHypervisorUser) {
        this(instancesDir, hypervisorUri, luks, shareWithHypervisorUser, null, null);
    }

    public static ComputeConfig defaults(Path instancesDir) {
        return new ComputeConfig(instancesDir, DEFAULT_URI, LAB_LUKS, false);
    }

    public ComputeConfig withHypervisorUri(String uri) {
        return new ComputeConfig(instancesDir, uri, luks, shareWithHypervisorUser, baseSubdirectory, offeredEncryption);
    }

    public ComputeConfig withLuks(LuksParams params) {
        return new ComputeConfig(instancesDir, hypervisorUri, params, shareWithHypervisorUser, baseSubdirectory,
                offeredEncryption);
    }

    public ComputeConfig sharedWithHypervisorUser(boolean shared) {
        return new ComputeConfig(instancesDir, hypervisorUri, luks, shared, baseSubdirectory, offeredEncryption);
    }

    public Path instanceDir(java.util.UUID uuid) {
        return instancesDir.resolve(uuid.toString());
    }

    public Path baseDir() {
        return instancesDir.resolve(baseSubdirectory);
    }
}
