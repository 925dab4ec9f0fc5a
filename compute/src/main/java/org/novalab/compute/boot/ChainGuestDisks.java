package org.novalab.compute.boot;

import java.util.Optional;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;

/**
 * The guest's disks as QEMU opens them: a file disk through the disk library's chain (with the driver type the
 * XML names), an RBD disk through the pool.
 */
public final class ChainGuestDisks implements GuestDiskOpener {
    private final Optional<RbdVolumes> rbd;

    public ChainGuestDisks(Optional<RbdVolumes> rbd) {
        this.rbd = rbd;
    }

    @Override
    public BlockDevice open(DiskDefinition disk, KeyLookup keys) {
        if (disk.source() instanceof DiskSource.File f) {
            return Disks.open(f.path(), ImageFormat.fromQemuName(disk.driverType()), keys, true);
        }
        DiskSource.Rbd r = (DiskSource.Rbd) disk.source();
        RbdVolumes volumes = rbd.filter(v -> v.pool().equals(r.pool())).orElseThrow(() -> new HypervisorError(
                "error connecting: no RBD pool '" + r.pool() + "' on this host"));
        return volumes.open(r.image());
    }
}
