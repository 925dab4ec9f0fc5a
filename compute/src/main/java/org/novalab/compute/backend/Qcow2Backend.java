package org.novalab.compute.backend;

import java.util.Optional;
import org.novalab.compute.BackendKind;
import org.novalab.compute.CachedBase;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionSpec;

/**
 * Nova's default backend, "boot from image": {@code disk} is a qcow2 overlay whose backing file is
 * {@code _base/<sha1>}, sized to the flavor's root disk. Encrypting it encrypts only what the guest writes later:
 * every cluster the overlay does not hold is read, in plaintext, from the base (the seed's experiment A).
 */
public final class Qcow2Backend implements ImageBackend {
    private final DiskTool disks;

    public Qcow2Backend(DiskTool disks) {
        this.disks = disks;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.QCOW2;
    }

    @Override
    public void createImage(CachedBase base, long size, InstanceFiles files, Optional<EncryptionSpec> encryption) {
        CreateOptions options = CreateOptions.qcow2(size)
                .withBacking(base.path().toAbsolutePath().toString(), base.format());
        disks.create(files.disk(), encryption.map(options::withEncryption).orElse(options));
    }

    @Override
    public DiskDefinition libvirtInfo(InstanceFiles files, Optional<DiskEncryption> encryption) {
        return DiskDefinition.rootDisk(new DiskSource.File(files.disk().toAbsolutePath()), "qcow2", encryption);
    }

    @Override
    public String diskFormat() {
        return "qcow2";
    }

    @Override
    public String volumeName(InstanceFiles files) {
        return files.disk().toAbsolutePath().toString();
    }

    @Override
    public void remove(InstanceFiles files) {
        // the disk lives in the instance directory
    }
}
