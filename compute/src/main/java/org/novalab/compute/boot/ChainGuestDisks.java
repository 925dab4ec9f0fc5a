package org.novalab.compute.boot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.backend.RbdBlockDevice;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.crypto.LuksBlockDevice;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;

/**
 * The guest's disks as QEMU opens them: a file disk through the disk library's chain (with the driver type the
 * XML names), an RBD disk through its pool: the instances' pool, or a block storage pool ({@code volumes}), where
 * an encrypted volume is LUKS directly in the raw image, as QEMU's luks driver layers it over rbd.
 */
public final class ChainGuestDisks implements GuestDiskOpener {
    private final Optional<RbdVolumes> rbd;
    private final Map<String, Pool> volumePools;

    public ChainGuestDisks(Optional<RbdVolumes> rbd) {
        this(rbd, Map.of());
    }

    public ChainGuestDisks(Optional<RbdVolumes> rbd, Map<String, Pool> volumePools) {
        this.rbd = rbd;
        this.volumePools = Map.copyOf(volumePools);
    }

    @Override
    public BlockDevice open(DiskDefinition disk, KeyLookup keys) {
        if (disk.source() instanceof DiskSource.File f) {
            return Disks.open(f.path(), ImageFormat.fromQemuName(disk.driverType()), keys, true);
        }
        DiskSource.Rbd r = (DiskSource.Rbd) disk.source();
        Pool volumes = volumePools.get(r.pool());
        if (volumes != null) {
            return openVolume(volumes, r, disk, keys);
        }
        RbdVolumes instances = rbd.filter(v -> v.pool().equals(r.pool())).orElseThrow(() -> new HypervisorError(
                "error connecting: no RBD pool '" + r.pool() + "' on this host"));
        if (disk.encryption().isEmpty()) {
            return instances.open(r.image());
        }
        // LUKS directly on the root disk's RBD image, unlocked with the secret of the volume's usage name
        try (Passphrase key = keys.passphraseFor(Path.of(r.name())).orElseThrow(() -> new PassphraseRequired(
                r.name()))) {
            return instances.openEncrypted(r.image(), key);
        }
    }

    private static BlockDevice openVolume(Pool pool, DiskSource.Rbd r, DiskDefinition disk, KeyLookup keys) {
        if (!pool.exists(r.image())) {
            throw new HypervisorError("error reading header from " + r.image() + ": No such file or directory");
        }
        Image image = pool.open(r.image());
        try {
            if (disk.encryption().isEmpty()) {
                return new RbdBlockDevice(image);
            }
            try (Passphrase key = keys.passphraseFor(Path.of(r.name())).orElseThrow(() -> new PassphraseRequired(
                    r.name()))) {
                return LuksBlockDevice.open(new RbdBlockDevice(image), key);
            }
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }
}
