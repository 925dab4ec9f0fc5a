package org.novalab.compute.snapshot;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A root disk read out into one standalone image file, ready for upload: its backing chain flattened, and when the
 * disk was encrypted, encrypted again (LUKS in qcow2) under a passphrase of the image's own.
 *
 * @param file        the staged file; the caller removes it once it is uploaded
 * @param diskFormat  Glance's {@code disk_format} of the file
 * @param virtualSize the guest-visible size in bytes
 * @param key         the key manager id of the image's passphrase, when the image is encrypted
 */
public record SnapshotImage(Path file, String diskFormat, long virtualSize, Optional<UUID> key) {
    public boolean encrypted() {
        return key.isPresent();
    }
}
