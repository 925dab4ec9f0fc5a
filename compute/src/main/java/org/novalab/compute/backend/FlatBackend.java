package org.novalab.compute.backend;

import java.util.Optional;
import org.novalab.compute.BackendKind;
import org.novalab.compute.InstanceFiles;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.KeyLookup;
import org.novalab.imagecache.BaseImage;

/**
 * A standalone disk: every guest byte of the base converted into a new qcow2 (Nova's {@code use_cow_images=False}
 * and the seed's experiment B, {@code qemu-img convert -O qcow2 -o encryption=on}), then grown to the flavor's
 * root disk. Encrypted, every cluster is ciphertext: nothing falls through to a plaintext base.
 */
public final class FlatBackend extends InstanceDirQcow2Backend {
    private final KeyLookup baseKeys;

    public FlatBackend(DiskTool disks) {
        this(disks, KeyLookup.NONE);
    }

    /**
     * A backend whose base is itself encrypted (an encrypted snapshot image): read with {@code baseKeys}, written
     * under the instance disk's own passphrase, never in plaintext in between.
     */
    public FlatBackend(DiskTool disks, KeyLookup baseKeys) {
        super(disks);
        this.baseKeys = baseKeys;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.FLAT;
    }

    @Override
    public void createImage(BaseImage base, long size, InstanceFiles files, Optional<EncryptionSpec> encryption) {
        CreateOptions options = CreateOptions.qcow2(size);
        disks.convert(base.path(), base.format(), baseKeys, files.disk(),
                encryption.map(options::withEncryption).orElse(options));
        // qemu-img's convert ignores a target size; grow the copy then, as Nova resizes after copying
        if (disks.info(files.disk()).virtualSize() < size) {
            disks.resize(files.disk(), size, encryption.map(e -> KeyLookup.always(e.passphrase())).orElse(KeyLookup.NONE));
        }
    }
}
