package org.novalab.compute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.backend.EncryptionSupport;
import org.novalab.compute.backend.ImageBackend;
import org.novalab.compute.backend.ImageBackends;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.host.HostProbe;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.EncryptionSpec;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.BaseImages;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's libvirt driver for novalab: {@link #spawn} follows {@code LibvirtDriver.spawn}: ensure the base image,
 * {@code _create_image} with the chosen backend (and, encrypted, a passphrase from the key manager and a libvirt
 * secret holding it), then the domain XML of the disk that now exists, define and start; every step is undone when
 * one fails. Lifecycle operations find the domain by the instance's uuid, as Nova's {@code get_guest} does;
 * {@code libvirt.xml} is read back only to reconcile after a restart.
 */
public final class ComputeDriver implements VirtDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeDriver.class);

    private final ComputeConfig config;
    private final BaseImages images;
    private final Hypervisor hypervisor;
    private final SecretStore secrets;
    private final KeyManager keys;
    private final ImageBackends backends;
    private final Optional<RbdVolumes> rbd;
    private final InstanceDirs dirs;
    private HostCapabilities capabilities;
    private final InstanceLocks locks = new InstanceLocks();

    public ComputeDriver(ComputeConfig config, BaseImages images, Hypervisor hypervisor, SecretStore secrets,
                         KeyManager keys, DiskTool disks) {
        this(config, images, hypervisor, secrets, keys, disks, Optional.empty());
    }

    public ComputeDriver(ComputeConfig config, BaseImages images, Hypervisor hypervisor, SecretStore secrets,
                         KeyManager keys, DiskTool disks, Optional<RbdVolumes> rbd) {
        this.config = config;
        this.images = images;
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.keys = keys;
        this.backends = new ImageBackends(disks, rbd);
        this.rbd = rbd;
        this.dirs = new InstanceDirs(config.shareWithHypervisorUser());
    }

    /** Probed once, on first use (it asks the installed qemu-img). */
    @Override
    public synchronized HostCapabilities capabilities() {
        if (capabilities == null) {
            Map<BackendKind, EncryptionSupport> support = new EnumMap<>(BackendKind.class);
            backends.all().forEach((kind, backend) -> support.put(kind, backend.encryption()));
            capabilities = HostProbe.probe(hypervisor, secrets, HostProbe.qemuImg(), support);
        }
        return capabilities;
    }

    public ComputeConfig config() {
        return config;
    }

    /** Builds the disk, defines and starts the domain. Synchronous; the compute manager runs it on a worker. */
    @Override
    public SpawnResult spawn(SpawnRequest request) {
        synchronized (lock(request.uuid())) {
            ImageBackend backend = backends.forDisk(request.backend(), request.creation());
            capabilities().requireEncryption(request.backend(), request.encryption());
            InstanceFiles files = InstanceFiles.in(config.instanceDir(request.uuid()), request.encryption().enabled());
            if (Files.exists(files.dir()) || hypervisor.lookup(request.domainName()).isPresent()) {
                throw new InvalidRequest("instance " + request.uuid() + " (" + request.domainName() + ") already exists");
            }
            BaseImage base = images.fetchToBase(request.imageId());
            long size = request.flavor().rootGb() == 0 ? base.virtualSize() : request.flavor().rootBytes();
            if (size < base.virtualSize()) {
                throw new FlavorDiskSmallerThanImage(size, base.virtualSize());
            }
            dirs.create(files);
            try {
                Created created = createImage(request, backend, base, size, files);
                define(request, created.domain());
                start(request.uuid(), request.domainName());
                LOG.info("spawned {} ({}) backend={} encryption={} creation={}", request.uuid(), request.domainName(),
                        backend.kind(), request.encryption(), request.creation());
                return result(request.uuid(), request.domainName(), files, created.secret());
            } catch (RuntimeException e) {
                rollback(request.uuid(), request.domainName(), backend, files);
                throw e;
            }
        }
    }

    /**
     * {@code _create_image}: the disk, and for an encrypted one its passphrase (made by the key manager for the
     * instance's root disk; its id is the libvirt secret's uuid) and the libvirt secret that hands it to QEMU; and
     * the instance's files (disk.info, libvirt.xml of the disk the backend builds, secret.xml, console.log). The
     * durable writes (the disk, the passphrase row, the files) each wait for their own fsync, so they run at the
     * same time; the domain is defined only once all of them are done.
     */
    private Created createImage(SpawnRequest request, ImageBackend backend, BaseImage base, long size,
                                InstanceFiles files) {
        if (!request.encryption().enabled()) {
            DomainDocument domain = domainFor(request, backend, files, Optional.empty());
            ConcurrentSteps.runAll(List.of(() -> backend.createImage(base, size, files, Optional.empty()),
                    () -> dirs.writeMetadata(files, backend.diskFormat(), domain.xml(), Optional.empty())));
            dirs.share(files.disk());
            return new Created(domain, Optional.empty());
        }
        try (KeyManager.NewSecret key = keys.generate(SecretOwner.rootDisk(request.uuid()))) {
            SecretDefinition secret = SecretDefinition.forVolume(key.id(), backend.volumeName(files));
            DomainDocument domain = domainFor(request, backend, files, Optional.of(secret.uuid()));
            EncryptionSpec spec = new EncryptionSpec(request.encryption().format().orElseThrow(), key.passphrase(),
                    config.luks());
            try {
                secrets.define(secret);
                secrets.setValue(secret.uuid(), key.passphrase());
                ConcurrentSteps.runAll(List.of(
                        () -> backend.createImage(base, size, files, Optional.of(spec)),
                        () -> keys.store(key),
                        () -> dirs.writeMetadata(files, backend.diskFormat(), domain.xml(),
                                Optional.of(SecretXml.write(secret)))));
            } catch (RuntimeException e) {
                // the key manager may not have the key, and then the rollback cannot find the secret by it
                undefineSecret(secret.uuid());
                throw e;
            }
            dirs.share(files.disk());
            return new Created(domain, Optional.of(secret.uuid()));
        }
    }

    /** What {@link #createImage} made: the domain to define, and the disk's own secret when it is encrypted. */
    private record Created(DomainDocument domain, Optional<UUID> secret) {
    }

    /** The instance's domain: its name, uuid, flavor, the backend's disk and the serial console. */
    private DomainDocument domainFor(SpawnRequest request, ImageBackend backend, InstanceFiles files,
                                     Optional<UUID> ownSecret) {
        Optional<DiskEncryption> encryption = ownSecret.map(own -> new DiskEncryption(
                request.encryption().libvirtFormat().orElseThrow(), request.secretOverrideUuid().orElse(own)));
        DiskDefinition disk = backend.libvirtInfo(files, encryption);
        return DomainDocument.of(new DomainDefinition("qemu", request.domainName(), request.uuid(),
                request.flavor().ramMb() * 1024L, request.flavor().vcpus(), List.of(disk),
                Optional.of(files.consoleLog().toAbsolutePath())));
    }

    private void define(SpawnRequest request, DomainDocument domain) {
        try {
            hypervisor.define(domain);
        } catch (HypervisorError e) {
            if (request.encryption().format().orElse(null) == EncryptionFormat.AES && hypervisor.runsRealGuests()) {
                throw new EncryptionNotSupported("libvirt at " + hypervisor.uri()
                        + " refuses legacy qcow AES encryption: " + e.getMessage());
            }
            throw e;
        }
    }

    private void start(UUID uuid, String domainName) {
        try {
            hypervisor.start(domainName);
        } catch (HypervisorError e) {
            throw new BootFailed(uuid, e.getMessage(), e);
        }
    }

    private SpawnResult result(UUID uuid, String domainName, InstanceFiles files, Optional<UUID> ownSecret) {
        PowerState state = hypervisor.lookup(domainName).map(DomainStatus::state).orElse(PowerState.NOSTATE);
        String console = InstanceDirs.read(files.consoleLog());
        return new SpawnResult(uuid, domainName, state, files.dir(), ownSecret, console, GuestConsole.fault(console));
    }

    private void rollback(UUID uuid, String domainName, ImageBackend backend, InstanceFiles files) {
        // only our own domain: another instance may hold the name (a request reusing an instance number)
        quietly("undefine domain " + domainName, () -> hypervisor.lookup(domainName)
                .filter(d -> d.uuid().equals(uuid)).ifPresent(d -> hypervisor.undefine(domainName)));
        quietly("forget the secrets of " + uuid, () -> forgetSecrets(uuid));
        quietly("remove volume of " + uuid, () -> backend.remove(files));
        quietly("remove " + files.dir(), () -> InstanceDirs.remove(files.dir()));
    }

    /** Hard power-off (the domain stays defined). */
    @Override
    public void stop(UUID uuid) {
        synchronized (lock(uuid)) {
            hypervisor.powerOff(domainOf(uuid).name());
        }
    }

    /** Boots a stopped instance; the guest's output is appended to console.log. */
    @Override
    public void start(UUID uuid) {
        synchronized (lock(uuid)) {
            start(uuid, domainOf(uuid).name());
        }
    }

    /** Hard reboot: power-off then start. */
    @Override
    public void reboot(UUID uuid) {
        synchronized (lock(uuid)) {
            String name = domainOf(uuid).name();
            try {
                hypervisor.reboot(name);
            } catch (HypervisorError e) {
                throw new BootFailed(uuid, e.getMessage(), e);
            }
        }
    }

    /**
     * Destroys and undefines the domain, undefines the libvirt secrets of the instance's root disk and deletes
     * them from the key manager, removes the instance directory (and an Rbd volume, {@code <uuid>_disk}, as Nova's
     * {@code _cleanup_rbd} does). The base image stays for the cache manager. Idempotent.
     */
    @Override
    public void destroy(UUID uuid) {
        synchronized (lock(uuid)) {
            hypervisor.lookup(uuid).ifPresent(d -> hypervisor.undefine(d.name()));
            forgetSecrets(uuid);
            rbd.ifPresent(r -> {
                String volume = uuid + "_disk";
                if (r.exists(volume)) {
                    r.remove(volume);
                }
            });
            InstanceDirs.remove(config.instanceDir(uuid));
            LOG.info("destroyed {}", uuid);
        }
    }

    /** The root disk's passphrases: each a libvirt secret of the same uuid and a row in the key manager. */
    private void forgetSecrets(UUID instance) {
        for (SecretMetadata key : keys.list(SecretOwner.rootDisk(instance))) {
            undefineSecret(key.id());
            keys.delete(key.id());
        }
    }

    /** console.log as the guest wrote it. */
    @Override
    public String consoleOutput(UUID uuid) {
        InstanceFiles f = files(uuid);
        return Files.exists(f.consoleLog()) ? InstanceDirs.read(f.consoleLog()) : "";
    }

    public InstanceFiles files(UUID uuid) {
        Path dir = config.instanceDir(uuid);
        if (!Files.isDirectory(dir)) {
            throw new InstanceNotFound(uuid);
        }
        return InstanceFiles.of(dir);
    }

    /** The hypervisor's view of the instance: NOSTATE while its domain is not defined (before reconcile). */
    public PowerState state(UUID uuid) {
        Optional<DomainStatus> domain = hypervisor.lookup(uuid);
        if (domain.isEmpty() && !Files.isDirectory(config.instanceDir(uuid))) {
            throw new InstanceNotFound(uuid);
        }
        return domain.map(DomainStatus::state).orElse(PowerState.NOSTATE);
    }

    /** After a restart: domains and instance directories that disagree with the database are fixed or flagged. */
    @Override
    public ReconcileReport reconcile(Collection<KnownInstance> known) {
        return new Reconciler(config, hypervisor, secrets, keys).reconcile(known);
    }

    /** The instance's domain, found by its uuid; an instance without one needs reconcile (after a restart). */
    private DomainStatus domainOf(UUID uuid) {
        return hypervisor.lookup(uuid).orElseThrow(() -> {
            if (!Files.isDirectory(config.instanceDir(uuid))) {
                return new InstanceNotFound(uuid);
            }
            return new HypervisorError("Domain not found: no domain with matching uuid '" + uuid
                    + "' (instance " + uuid + "; run reconcile after a restart)");
        });
    }

    private void undefineSecret(UUID secret) {
        try {
            secrets.undefine(secret);
        } catch (SecretException e) {
            LOG.debug("secret {} already gone: {}", secret, e.getMessage());
        }
    }


    private Object lock(UUID uuid) {
        return locks.of(uuid);
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("rollback: could not {}: {}", what, e.getMessage());
        }
    }
}
