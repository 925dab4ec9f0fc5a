package org.novalab.compute.backend;

import java.util.Optional;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.DiskTool;

/**
 * What the file-based backends share: the disk is the qcow2 file {@code instances/<uuid>/disk}, named by its path
 * (the libvirt secret's usage volume) and removed with the instance directory. Subclasses only say how it is built.
 */
abstract class InstanceDirQcow2Backend implements ImageBackend {
    protected final DiskTool disks;

    protected InstanceDirQcow2Backend(DiskTool disks) {
        this.disks = disks;
    }

    /** qcow2 disks take both of the seed's encryptions: LUKS and legacy qcow AES. */
    @Override
    public final EncryptionSupport encryption() {
        return EncryptionSupport.all();
    }

    @Override
    public final DiskDefinition libvirtInfo(InstanceFiles files, Optional<DiskEncryption> encryption) {
        return DiskDefinition.rootDisk(new DiskSource.File(files.disk().toAbsolutePath()), diskFormat(), encryption);
    }

    @Override
    public final String diskFormat() {
        return "qcow2";
    }

    @Override
    public final String volumeName(InstanceFiles files) {
        return files.disk().toAbsolutePath().toString();
    }

    @Override
    public final void remove(InstanceFiles files) {
        // the disk lives in the instance directory, which the driver removes
    }
}
