package org.novalab.compute;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.novalab.compute.backend.ImageBackend;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.secret.SecretXml;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.Passphrase;
import org.novalab.disk.LuksParams;
import org.novalab.imagecache.BaseImage;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretOwner;

/**
 * Nova's {@code _create_image}, for a spawn and for a rebuild: the root disk, and for an encrypted one a fresh
 * passphrase (made by the key manager for the instance's root disk; its id is the libvirt secret's uuid) and the
 * libvirt secret that hands it to QEMU; and the instance's files (disk.info, libvirt.xml of the disk the backend
 * builds, secret.xml, console.log). The durable writes (the disk, the passphrase row, the files) each wait for
 * their own fsync, so they run at the same time; the domain is defined only once all of them are done, by the
 * caller. For a spawn the base itself is fetched by the disk step ({@link Root#fetchedBy}): nothing but the disk
 * needs it, so the passphrase, the libvirt secret, the XML and the files are made while the image streams in.
 */
final class DiskBuilder {
    private final SecretStore secrets;
    private final KeyManager keys;
    private final DiskSecrets diskSecrets;
    private final InstanceDirs dirs;
    private final LuksParams luks;

    DiskBuilder(SecretStore secrets, KeyManager keys, DiskSecrets diskSecrets, InstanceDirs dirs, LuksParams luks) {
        this.secrets = secrets;
        this.keys = keys;
        this.diskSecrets = diskSecrets;
        this.dirs = dirs;
        this.luks = luks;
    }

    /** What {@link #create} made: the domain to define, and the disk's own secret when it is encrypted. */
    record Created(DomainDocument domain, Optional<UUID> secret) {
    }

    /** The root disk's base and its size (the flavor's, checked against the base's virtual size). */
    record Root(BaseImage base, long size) {
        /** A base already in {@code _base} (a rebuild fetched it first). */
        static Supplier<Root> of(BaseImage base, long size) {
            Root root = new Root(base, size);
            return () -> root;
        }

        /** A base the disk step fetches (or finds cached) itself, while the other steps of the spawn run. */
        static Supplier<Root> fetchedBy(Supplier<BaseImage> fetch, ToLongFunction<BaseImage> size) {
            return () -> {
                BaseImage base = fetch.get();
                return new Root(base, size.applyAsLong(base));
            };
        }
    }

    /** Cloned where the image is stored when the backend can (nothing fetched), else made from the base. */
    private static void createDisk(SpawnRequest request, ImageBackend backend, Supplier<Root> root, InstanceFiles into,
                                   Optional<EncryptionSpec> spec) {
        OptionalLong direct = backend.directCloneSize(request.imageId(), spec.isPresent());
        if (direct.isPresent()) {
            backend.cloneDirect(request.imageId(), rootDiskSize(request.flavor(), direct.getAsLong()), into);
            return;
        }
        Root r = root.get();
        backend.createImage(r.base(), r.size(), into, spec);
    }

    /** The flavor's root disk, or the image's size for a flavor with {@code root_gb} 0; never smaller than the image. */
    static long rootDiskSize(Flavor flavor, long imageSize) {
        long size = flavor.rootGb() == 0 ? imageSize : flavor.rootBytes();
        if (size < imageSize) {
            throw new FlavorDiskSmallerThanImage(size, imageSize);
        }
        return size;
    }

    /**
     * Writes everything into {@code into} for the instance directory {@code named} (the same one for a spawn; for a
     * rebuild, the staging directory that becomes the instance's): the domain, the secret's usage and disk.info
     * name the disk where it will be. On a failure the new libvirt secret is undefined; the new key and files are
     * the caller's to remove with the directory and the root disk's other keys.
     */
    Created create(SpawnRequest request, ImageBackend backend, Supplier<Root> root, InstanceFiles into,
                   InstanceFiles named, PhaseTimer timer) {
        return create(request, backend, root, into, named, Optional.empty(), timer);
    }

    /**
     * As {@link #create(SpawnRequest, ImageBackend, Supplier, InstanceFiles, InstanceFiles, PhaseTimer)}, with the disk
     * encrypted under the root disk's existing passphrase {@code kept} when there is one (an unshelve: the offload
     * kept it in the key manager) instead of a fresh one; the key manager already has it, so it is not stored again.
     */
    Created create(SpawnRequest request, ImageBackend backend, Supplier<Root> root, InstanceFiles into,
                   InstanceFiles named, Optional<UUID> kept, PhaseTimer timer) {
        if (!request.encryption().enabled()) {
            DomainDocument domain = domainFor(request, backend, named, Optional.empty());
            timer.run(BuildPhase.DISK, () -> ConcurrentSteps.runAll(List.of(
                    () -> createDisk(request, backend, root, into, Optional.empty()),
                    () -> dirs.writeMetadata(into, named, backend.diskFormat(), domain.xml(), Optional.empty()))));
            dirs.share(into.disk());
            return new Created(domain, Optional.empty());
        }
        if (kept.isPresent()) {
            try (Passphrase passphrase = keys.get(kept.get())) {
                return encrypted(request, backend, root, into, named, kept.get(), passphrase, () -> {
                }, timer);
            }
        }
        try (KeyManager.NewSecret key = keys.generate(SecretOwner.rootDisk(request.uuid()))) {
            return encrypted(request, backend, root, into, named, key.id(), key.passphrase(),
                    () -> keys.store(key), timer);
        }
    }

    /** The encrypted disk under passphrase {@code id}, its libvirt secret and files; {@code store} keeps the key. */
    private Created encrypted(SpawnRequest request, ImageBackend backend, Supplier<Root> root,
                              InstanceFiles into, InstanceFiles named, UUID id, Passphrase passphrase,
                              Runnable store, PhaseTimer timer) {
        SecretDefinition secret = SecretDefinition.forVolume(id, backend.volumeName(named));
        DomainDocument domain = domainFor(request, backend, named, Optional.of(secret.uuid()));
        EncryptionSpec spec = new EncryptionSpec(request.encryption().format().orElseThrow(), passphrase, luks);
        try {
            timer.run(BuildPhase.SECRET, () -> {
                secrets.define(secret);
                secrets.setValue(secret.uuid(), passphrase);
            });
            // the key manager's row is written while the disk is made (and, for a cold spawn, the base fetched):
            // the disk phase includes both
            timer.run(BuildPhase.DISK, () -> ConcurrentSteps.runAll(List.of(
                    () -> createDisk(request, backend, root, into, Optional.of(spec)),
                    store,
                    () -> dirs.writeMetadata(into, named, backend.diskFormat(), domain.xml(),
                            Optional.of(SecretXml.write(secret))))));
        } catch (RuntimeException e) {
            // the key manager may not have the key, and then the rollback cannot find the secret by it
            diskSecrets.undefine(secret.uuid());
            throw e;
        }
        dirs.share(into.disk());
        return new Created(domain, Optional.of(secret.uuid()));
    }

    /** The instance's domain: its name, uuid, flavor, the backend's disk and the serial console. */
    static DomainDocument domainFor(SpawnRequest request, ImageBackend backend, InstanceFiles files,
                                    Optional<UUID> ownSecret) {
        Optional<DiskEncryption> encryption = ownSecret.map(own -> new DiskEncryption(
                request.encryption().libvirtFormat().orElseThrow(), request.secretOverrideUuid().orElse(own)));
        DiskDefinition disk = backend.libvirtInfo(files, encryption);
        return DomainDocument.of(new DomainDefinition("qemu", request.domainName(), request.uuid(),
                request.flavor().ramMb() * 1024L, request.flavor().vcpus(), List.of(disk),
                Optional.of(files.consoleLog().toAbsolutePath())));
    }
}
