package org.novalab.compute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.novalab.compute.backend.FlatBackend;
import org.novalab.compute.backend.ImageBackend;
import org.novalab.compute.backend.Qcow2Backend;
import org.novalab.compute.backend.RbdBackend;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.host.HostProbe;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.PassphraseVault;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.secret.SecretXml;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.Passphrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's libvirt driver for novalab: {@link #spawn} follows {@code LibvirtDriver.spawn} — ensure the base image,
 * {@code _create_image} with the chosen backend (and a passphrase + libvirt secret when encrypted), write the
 * domain XML, define and start it — and rolls everything back when a step fails. Lifecycle operations find the
 * instance through its directory ({@code instances/<uuid>/libvirt.xml}).
 */
public final class ComputeDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeDriver.class);

    private final ComputeConfig config;
    private final BaseImageProvider images;
    private final Hypervisor hypervisor;
    private final SecretStore secrets;
    private final PassphraseVault vault;
    private final DiskTool disks;
    private final Optional<RbdVolumes> rbd;
    private final InstanceDirs dirs;
    private HostCapabilities capabilities;
    private final ConcurrentHashMap<UUID, Object> locks = new ConcurrentHashMap<>();

    public ComputeDriver(ComputeConfig config, BaseImageProvider images, Hypervisor hypervisor, SecretStore secrets,
                         PassphraseVault vault, DiskTool disks) {
        this(config, images, hypervisor, secrets, vault, disks, Optional.empty());
    }

    public ComputeDriver(ComputeConfig config, BaseImageProvider images, Hypervisor hypervisor, SecretStore secrets,
                         PassphraseVault vault, DiskTool disks, Optional<RbdVolumes> rbd) {
        this.config = config;
        this.images = images;
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.vault = vault;
        this.disks = disks;
        this.rbd = rbd;
        this.dirs = new InstanceDirs(config.shareWithHypervisorUser());
    }

    /** Probed once, on first use (it asks the installed qemu-img). */
    public synchronized HostCapabilities capabilities() {
        if (capabilities == null) {
            capabilities = HostProbe.probe(hypervisor, secrets, HostProbe.qemuImg());
        }
        return capabilities;
    }

    public ComputeConfig config() {
        return config;
    }

    /** Builds the disk, defines and starts the domain. Synchronous; the api runs it on a worker. */
    public SpawnResult spawn(SpawnRequest request) {
        synchronized (lock(request.uuid())) {
            checkEncryptionPossible(request);
            ImageBackend backend = backend(request);
            InstanceFiles files = InstanceFiles.in(config.instanceDir(request.uuid()), request.encryption().enabled());
            if (Files.exists(files.dir()) || hypervisor.lookup(request.domainName()).isPresent()) {
                throw new InvalidRequest("instance " + request.uuid() + " (" + request.domainName() + ") already exists");
            }
            CachedBase base = images.ensure(request.imageId());
            long size = request.flavor().rootGb() == 0 ? base.virtualSize() : request.flavor().rootBytes();
            if (size < base.virtualSize()) {
                throw new FlavorDiskSmallerThanImage(size, base.virtualSize());
            }
            Optional<SecretDefinition> ownSecret = request.encryption().enabled()
                    ? Optional.of(SecretDefinition.forVolume(UUID.randomUUID(), backend.volumeName(files)))
                    : Optional.empty();
            Optional<UUID> secretUuid = ownSecret.map(SecretDefinition::uuid);
            String domainXml = DomainXml.write(domainFor(request, backend, files, secretUuid));
            dirs.create(files);
            try {
                createImage(request, backend, base, size, files, ownSecret, domainXml);
                define(request, domainXml);
                start(request.uuid(), request.domainName());
                LOG.info("spawned {} ({}) backend={} encryption={} creation={}", request.uuid(), request.domainName(),
                        backend.kind(), request.encryption(), request.creation());
                return result(request.uuid(), request.domainName(), files, secretUuid);
            } catch (RuntimeException e) {
                rollback(request.uuid(), request.domainName(), backend, files, secretUuid);
                throw e;
            }
        }
    }

    private ImageBackend backend(SpawnRequest request) {
        return switch (request.backend()) {
            case QCOW2 -> request.creation() == DiskCreation.CONVERT ? new FlatBackend(disks) : new Qcow2Backend(disks);
            case FLAT -> new FlatBackend(disks);
            case RBD -> new RbdBackend(rbd.orElseThrow(() -> new InvalidRequest(
                    "the Rbd backend needs an RBD pool, and this compute host has none configured")));
        };
    }

    private void checkEncryptionPossible(SpawnRequest request) {
        if (!request.encryption().enabled()) {
            return;
        }
        if (request.backend() == BackendKind.RBD) {
            throw new EncryptionNotSupported(RbdBackend.REFUSAL);
        }
        HostCapabilities caps = capabilities();
        if (!caps.canEncrypt(request.backend())) {
            throw new EncryptionNotSupported("this host cannot run encrypted disks with the " + request.backend()
                    + " backend (" + String.join("; ", caps.notes()) + ")");
        }
    }

    /**
     * {@code _create_image}: the disk, and for an encrypted one its passphrase (vault) and libvirt secret; the
     * instance's metadata files. The durable writes (passphrase row, disk, metadata) run concurrently.
     */
    private void createImage(SpawnRequest request, ImageBackend backend, CachedBase base, long size, InstanceFiles files,
                             Optional<SecretDefinition> ownSecret, String domainXml) {
        Runnable metadata = () -> dirs.writeMetadata(files, backend.diskFormat(), domainXml,
                ownSecret.map(SecretXml::write));
        if (ownSecret.isEmpty()) {
            ConcurrentSteps.runAll(List.of(() -> backend.createImage(base, size, files, Optional.empty()), metadata));
            dirs.share(files.disk());
            return;
        }
        SecretDefinition secret = ownSecret.get();
        try (Passphrase passphrase = vault.generate()) {
            secrets.define(secret);
            secrets.setValue(secret.uuid(), passphrase);
            EncryptionSpec spec = new EncryptionSpec(request.encryption().format().orElseThrow(), passphrase,
                    config.luks());
            ConcurrentSteps.runAll(List.of(
                    () -> backend.createImage(base, size, files, Optional.of(spec)),
                    () -> vault.store(request.uuid(), files.disk().toAbsolutePath(), secret.uuid(), passphrase),
                    metadata));
        }
        dirs.share(files.disk());
    }

    private DomainDefinition domainFor(SpawnRequest request, ImageBackend backend, InstanceFiles files,
                                       Optional<UUID> ownSecret) {
        Optional<DiskEncryption> encryption = ownSecret.map(own -> new DiskEncryption(
                request.encryption().libvirtFormat().orElseThrow(),
                request.secretOverride().map(ComputeDriver::secretUuid).orElse(own)));
        return new DomainDefinition("qemu", request.domainName(), request.uuid(), request.flavor().ramMb() * 1024L,
                request.flavor().vcpus(), List.of(backend.libvirtInfo(files, encryption)),
                Optional.of(files.consoleLog().toAbsolutePath()));
    }

    private void define(SpawnRequest request, String domainXml) {
        try {
            hypervisor.define(domainXml);
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

    private void rollback(UUID uuid, String domainName, ImageBackend backend, InstanceFiles files,
                          Optional<UUID> ownSecret) {
        // only our own domain: another instance may hold the name (a request reusing an instance number)
        quietly("undefine domain " + domainName, () -> hypervisor.lookup(domainName)
                .filter(d -> d.uuid().equals(uuid)).ifPresent(d -> hypervisor.undefine(domainName)));
        ownSecret.ifPresent(s -> quietly("undefine secret " + s, () -> undefineSecret(s)));
        quietly("forget passphrases of " + uuid, () -> vault.forget(uuid));
        quietly("remove volume of " + uuid, () -> backend.remove(files));
        quietly("remove " + files.dir(), () -> InstanceDirs.remove(files.dir()));
    }

    /** Hard power-off (the domain stays defined). */
    public void stop(UUID uuid) {
        synchronized (lock(uuid)) {
            hypervisor.powerOff(domainOf(uuid).name());
        }
    }

    /** Boots a stopped instance; the guest's output is appended to console.log. */
    public void start(UUID uuid) {
        synchronized (lock(uuid)) {
            DomainDefinition d = domainOf(uuid);
            ensureDefined(uuid, d);
            start(uuid, d.name());
        }
    }

    /** Hard reboot: power-off then start. */
    public void reboot(UUID uuid) {
        synchronized (lock(uuid)) {
            DomainDefinition d = domainOf(uuid);
            ensureDefined(uuid, d);
            hypervisor.powerOff(d.name());
            start(uuid, d.name());
        }
    }

    /**
     * Destroys and undefines the domain, undefines the disk's secret, deletes its passphrase rows and the instance
     * directory (and an Rbd volume). The base image stays for the cache manager. Idempotent.
     */
    public void destroy(UUID uuid) {
        synchronized (lock(uuid)) {
            InstanceFiles files = files(config.instanceDir(uuid));
            Optional<DomainDefinition> d = Files.exists(files.libvirtXml())
                    ? Optional.of(DomainXml.parse(InstanceDirs.read(files.libvirtXml()))) : Optional.empty();
            String name = d.map(DomainDefinition::name).orElseGet(() -> domainNameByUuid(uuid).orElse(null));
            if (name != null) {
                hypervisor.undefine(name);
            }
            // the disk's secret from secret.xml, and any the passphrase table still links to this instance
            Set<UUID> diskSecrets = new LinkedHashSet<>();
            ownSecretOf(files).ifPresent(diskSecrets::add);
            vault.rowsOf(uuid).forEach(row -> diskSecrets.add(row.secretUuid()));
            diskSecrets.forEach(this::undefineSecret);
            vault.forget(uuid);
            d.flatMap(DomainDefinition::bootDisk).filter(disk -> disk.source() instanceof DiskSource.Rbd)
                    .ifPresent(disk -> rbd.ifPresent(r -> {
                        String image = ((DiskSource.Rbd) disk.source()).image();
                        if (r.exists(image)) {
                            r.remove(image);
                        }
                    }));
            InstanceDirs.remove(files.dir());
            LOG.info("destroyed {}", uuid);
        }
    }

    /** console.log as the guest wrote it. */
    public String consoleOutput(UUID uuid) {
        InstanceFiles f = files(uuid);
        return Files.exists(f.consoleLog()) ? InstanceDirs.read(f.consoleLog()) : "";
    }

    public InstanceFiles files(UUID uuid) {
        Path dir = config.instanceDir(uuid);
        if (!Files.isDirectory(dir)) {
            throw new InstanceNotFound(uuid);
        }
        return files(dir);
    }

    /** The hypervisor's view of the instance. */
    public PowerState state(UUID uuid) {
        return hypervisor.lookup(domainOf(uuid).name()).map(DomainStatus::state).orElse(PowerState.NOSTATE);
    }

    /** After a restart: domains and instance directories that disagree with the database are fixed or flagged. */
    public ReconcileReport reconcile(Collection<KnownInstance> known) {
        return new Reconciler(config, hypervisor, secrets, vault).reconcile(known);
    }

    private static InstanceFiles files(Path dir) {
        InstanceFiles f = InstanceFiles.in(dir, true);
        return Files.exists(f.secretXml().orElseThrow()) ? f : InstanceFiles.in(dir, false);
    }

    private DomainDefinition domainOf(UUID uuid) {
        InstanceFiles f = files(uuid);
        if (!Files.exists(f.libvirtXml())) {
            throw new InstanceNotFound(uuid);
        }
        return DomainXml.parse(InstanceDirs.read(f.libvirtXml()));
    }

    private void ensureDefined(UUID uuid, DomainDefinition d) {
        if (hypervisor.lookup(d.name()).isEmpty()) {
            throw new HypervisorError("Domain not found: no domain with matching name '" + d.name()
                    + "' (instance " + uuid + "; run reconcile after a restart)");
        }
    }

    private Optional<String> domainNameByUuid(UUID uuid) {
        return hypervisor.list().stream().filter(s -> s.uuid().equals(uuid)).map(DomainStatus::name).findFirst();
    }

    private static Optional<UUID> ownSecretOf(InstanceFiles files) {
        return files.secretXml().filter(Files::exists)
                .map(p -> SecretXml.parse(InstanceDirs.read(p)).uuid());
    }

    private void undefineSecret(UUID secret) {
        try {
            secrets.undefine(secret);
        } catch (SecretException e) {
            LOG.debug("secret {} already gone: {}", secret, e.getMessage());
        }
    }

    private static UUID secretUuid(String s) {
        try {
            return UUID.fromString(s.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("invalid secret uuid '" + s + "'");
        }
    }

    private Object lock(UUID uuid) {
        return locks.computeIfAbsent(uuid, u -> new Object());
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("rollback: could not {}: {}", what, e.getMessage());
        }
    }
}
