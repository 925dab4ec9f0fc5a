package org.novalab.compute;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.snapshot.EncryptedImages;

/**
 * What to build and boot.
 *
 * @param instanceNumber Nova's integer instance id; the domain is named {@code instance-%08x}
 * @param creation       how an encrypted qcow2 disk is built (lab knob); the QCOW2 backend honours it, FLAT always
 *                       converts
 * @param secretOverride lab: put this libvirt secret uuid in the domain XML instead of the disk's own secret
 */
public record SpawnRequest(UUID uuid, long instanceNumber, String name, Flavor flavor, String imageId,
                           Map<String, String> imageProperties, BackendKind backend, DiskCreation creation,
                           EncryptionChoice encryption, Optional<String> secretOverride) {
    public SpawnRequest {
        if (uuid == null || flavor == null || imageId == null || imageId.isBlank()) {
            throw new InvalidRequest("a spawn request needs an instance uuid, a flavor and an image");
        }
        if (instanceNumber < 0 || instanceNumber > 0xFFFFFFFFL) {
            throw new InvalidRequest("instance number out of range: " + instanceNumber);
        }
        imageProperties = imageProperties == null ? Map.of() : Map.copyOf(imageProperties);
        backend = backend == null ? BackendKind.QCOW2 : backend;
        creation = creation == null ? DiskCreation.BACKING_FILE : creation;
        encryption = encryption == null ? EncryptionChoice.NONE : encryption;
        secretOverride = secretOverride == null ? Optional.empty() : secretOverride.map(String::trim);
        secretOverride.ifPresent(SpawnRequest::secretUuid);
        name = name == null ? "" : name;
    }

    /** The lab's override as a secret uuid (checked when the request is made, before anything is built). */
    public Optional<UUID> secretOverrideUuid() {
        return secretOverride.map(SpawnRequest::secretUuid);
    }

    private static UUID secretUuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("invalid secret uuid '" + s + "'");
        }
    }

    /**
     * A request whose encryption and creation method come from the flavor's extra specs and the image's properties
     * (see {@link EncryptionChoice#resolve} and {@link DiskCreation#resolve}), as Nova resolves them: once, where
     * the request is made, so the scheduler and the compute host work from the same answer.
     */
    public static SpawnRequest resolved(UUID uuid, long instanceNumber, String name, Flavor flavor, String imageId,
                                        Map<String, String> imageProperties, BackendKind backend) {
        return resolved(uuid, instanceNumber, name, flavor, imageId, imageProperties, backend,
                EncryptionChoice.Defaults.NOVA);
    }

    /** The same, under the deployment's ephemeral encryption policy ({@link EncryptionChoice.Defaults}). */
    public static SpawnRequest resolved(UUID uuid, long instanceNumber, String name, Flavor flavor, String imageId,
                                        Map<String, String> imageProperties, BackendKind backend,
                                        EncryptionChoice.Defaults encryption) {
        return new SpawnRequest(uuid, instanceNumber, name, flavor, imageId, imageProperties, backend,
                // an encrypted image is read into a standalone disk: nothing of it falls through to a backing file
                EncryptedImages.encrypted(imageProperties) ? DiskCreation.CONVERT
                        : DiskCreation.resolve(flavor.extraSpecs(), imageProperties, DiskCreation.BACKING_FILE),
                EncryptionChoice.resolve(flavor.extraSpecs(), imageProperties, encryption), Optional.empty());
    }

    /** The same request for the instance once it has its number (the instances table gives it). */
    public SpawnRequest numbered(long number) {
        return new SpawnRequest(uuid, number, name, flavor, imageId, imageProperties, backend, creation, encryption,
                secretOverride);
    }

    public SpawnRequest withSecretOverride(String secretUuid) {
        return new SpawnRequest(uuid, instanceNumber, name, flavor, imageId, imageProperties, backend, creation,
                encryption, Optional.of(secretUuid));
    }

    public InstanceRef ref() {
        return new InstanceRef(uuid, instanceNumber);
    }

    public String domainName() {
        return domainName(instanceNumber);
    }

    public static String domainName(long instanceNumber) {
        return InstanceName.of(instanceNumber);
    }
}
