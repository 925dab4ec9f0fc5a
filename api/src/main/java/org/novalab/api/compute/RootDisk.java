package org.novalab.api.compute;

import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.SpawnRequest;

/**
 * How a server's root disk is encrypted and created, decided once at create (from the flavor and the image) and
 * kept, as Nova keeps it on the instance's local block device mappings: a rebuild makes the disk the same way,
 * whatever the new image's properties say.
 */
public record RootDisk(EncryptionChoice encryption, DiskCreation creation) {
    public static RootDisk of(SpawnRequest resolved) {
        return new RootDisk(resolved.encryption(), resolved.creation());
    }
}
