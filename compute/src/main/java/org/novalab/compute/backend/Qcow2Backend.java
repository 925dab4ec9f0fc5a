package org.novalab.compute.backend;

import java.util.Optional;
import org.novalab.compute.BackendKind;
import org.novalab.compute.InstanceFiles;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionSpec;
import org.novalab.imagecache.BaseImage;

/**
 * Nova's default backend, "boot from image": {@code disk} is a qcow2 overlay whose backing file is
 * {@code _base/<sha1>}, sized to the flavor's root disk. Encrypting it encrypts only what the guest writes later:
 * every cluster the overlay does not hold is read, in plaintext, from the base (the seed's experiment A).
 */
public final class Qcow2Backend extends InstanceDirQcow2Backend {
    public Qcow2Backend(DiskTool disks) {
        super(disks);
    }

    @Override
    public BackendKind kind() {
        return BackendKind.QCOW2;
    }

    @Override
    public void createImage(BaseImage base, long size, InstanceFiles files, Optional<EncryptionSpec> encryption) {
        CreateOptions options = CreateOptions.qcow2(size)
                .withBacking(base.path().toAbsolutePath().toString(), base.format());
        disks.create(files.disk(), encryption.map(options::withEncryption).orElse(options));
    }
}
