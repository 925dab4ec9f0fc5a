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
import org.novalab.compute.attach.VolumeAttacher;
import org.novalab.compute.attach.VolumeConnection;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.host.HostProbe;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirSwap;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.password.GuestAgent;
import org.novalab.compute.password.PasswordNotSet;
import org.novalab.compute.rescue.InstanceRescue;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.resize.InstanceMover;
import org.novalab.compute.resize.InstanceResizer;
import org.novalab.compute.resize.ResizeDirs;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.backend.FlatBackend;
import org.novalab.compute.snapshot.ColdSnapshot;
import org.novalab.compute.snapshot.EncryptedImages;
import org.novalab.compute.snapshot.ImageKeyLookup;
import org.novalab.compute.snapshot.SnapshotFiles;
import org.novalab.compute.snapshot.SnapshotImage;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Passphrase;
import org.novalab.disk.EncryptionFormat;
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
    private final ImageBackends backends;
    private final Optional<RbdVolumes> rbd;
    private final InstanceDirs dirs;
    private final DiskSecrets diskSecrets;
    private final DiskBuilder builder;
    private final InstanceRescue rescues;
    private final InstanceResizer resizer;
    private final InstanceMover mover;
    private HostCapabilities capabilities;
    private final InstanceLocks locks = new InstanceLocks();
    private final DiskTool disks;
    private final KeyManager keys;
    private final SnapshotFiles snapshotFiles;
    private final ColdSnapshot snapshots;
    private final BuildTimings timings;
    private final VolumeAttacher volumes;

    public ComputeDriver(ComputeConfig config, BaseImages images, Hypervisor hypervisor, SecretStore secrets,
                         KeyManager keys, DiskTool disks) {
        this(config, images, hypervisor, secrets, keys, disks, Optional.empty());
    }

    public ComputeDriver(ComputeConfig config, BaseImages images, Hypervisor hypervisor, SecretStore secrets,
                         KeyManager keys, DiskTool disks, Optional<RbdVolumes> rbd) {
        this(config, images, hypervisor, secrets, keys, disks, rbd, BuildTimings.NONE);
    }

    /** @param timings where the phases of each spawn, rebuild and unshelve are timed (the host's metrics) */
    public ComputeDriver(ComputeConfig config, BaseImages images, Hypervisor hypervisor, SecretStore secrets,
                         KeyManager keys, DiskTool disks, Optional<RbdVolumes> rbd, BuildTimings timings) {
        this.timings = timings;
        this.config = config;
        this.images = images;
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.backends = new ImageBackends(disks, rbd);
        this.disks = disks;
        this.keys = keys;
        this.rbd = rbd;
        this.dirs = new InstanceDirs(config.shareWithHypervisorUser());
        this.diskSecrets = new DiskSecrets(secrets, keys);
        this.builder = new DiskBuilder(secrets, keys, diskSecrets, dirs, config.luks());
        this.rescues = new InstanceRescue(hypervisor, images, backends, dirs);
        this.snapshotFiles = new SnapshotFiles(config.instancesDir());
        this.snapshots = new ColdSnapshot(disks, keys, config.luks(), snapshotFiles);
        this.resizer = new InstanceResizer(config.instancesDir(), hypervisor, disks, keys, dirs, this::boot);
        this.mover = new InstanceMover(config.instancesDir(), hypervisor, disks, keys, secrets, dirs, images,
                this::boot, rbd);
        this.volumes = new VolumeAttacher(hypervisor, secrets, keys, dirs);
    }

    @Override
    public String attachVolume(UUID uuid, VolumeConnection volume, Optional<String> device) {
        synchronized (lock(uuid)) {
            return volumes.attach(uuid, InstanceFiles.of(config.instanceDir(uuid)).libvirtXml(), volume, device);
        }
    }

    @Override
    public void detachVolume(UUID uuid, String volumeId) {
        synchronized (lock(uuid)) {
            volumes.detach(uuid, InstanceFiles.of(config.instanceDir(uuid)).libvirtXml(), volumeId);
        }
    }

    /** Probed once, on first use (it asks the installed qemu-img), less what the host does not offer. */
    @Override
    public synchronized HostCapabilities capabilities() {
        if (capabilities == null) {
            Map<BackendKind, EncryptionSupport> support = new EnumMap<>(BackendKind.class);
            backends.all().forEach((kind, backend) -> support.put(kind, backend.encryption()));
            capabilities = config.offeredEncryption().restrict(HostProbe.probe(hypervisor, secrets,
                    HostProbe.qemuImg(), support));
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
            return spawnLocked(request);
        }
    }

    private SpawnResult spawnLocked(SpawnRequest request) {
        return spawnLocked(request, Optional.empty(), timings.of("spawn"));
    }

    /** @param kept the root disk's existing passphrase, which a failure keeps in the key manager (an unshelve) */
    private SpawnResult spawnLocked(SpawnRequest request, Optional<UUID> kept, PhaseTimer timer) {
        ImageBackend backend = backendFor(request);
        capabilities().requireEncryption(request.backend(), request.encryption());
        InstanceFiles files = InstanceFiles.in(config.instanceDir(request.uuid()), request.encryption().enabled());
        if (Files.exists(files.dir()) || hypervisor.lookup(request.domainName()).isPresent()) {
            throw new InvalidRequest("instance " + request.uuid() + " (" + request.domainName() + ") already exists");
        }
        dirs.create(files);
        try {
            // the base is fetched by the disk step, while the passphrase, secret and files are made beside it; a
            // failed fetch rolls all of them back below like any other failed step
            DiskBuilder.Created created = builder.create(request, backend, DiskBuilder.Root.fetchedBy(
                    () -> timer.time(BuildPhase.FETCH, () -> images.fetchToBase(request.imageId())),
                    base -> rootDiskSize(request, base)), files, files, kept, timer);
            timer.run(BuildPhase.DEFINE, () -> define(request, created.domain()));
            timer.run(BuildPhase.START, () -> start(request.uuid(), request.domainName()));
            LOG.info("spawned {} ({}) backend={} encryption={} creation={}", request.uuid(), request.domainName(),
                    imagesType(backend), request.encryption(), request.creation().specValue());
            return timer.time(BuildPhase.GUEST_BOOT,
                    () -> result(request.uuid(), request.domainName(), files, created.secret()));
        } catch (RuntimeException e) {
            rollback(request.uuid(), request.domainName(), backend, files, kept);
            throw e;
        }
    }

    /**
     * The backend that builds the request's disk. An encrypted image (an encrypted snapshot) is read with its own key
     * into a standalone disk encrypted under the instance's passphrase: its base stays encrypted in {@code _base},
     * as Nova's ephemeral encryption spec keeps it, and no plaintext copy is made.
     */
    private ImageBackend backendFor(SpawnRequest request) {
        Optional<UUID> imageKey = EncryptedImages.keyOf(request.imageProperties());
        if (imageKey.isEmpty()) {
            return backends.forDisk(request.backend(), request.creation());
        }
        if (request.backend() == BackendKind.RBD || !request.encryption().enabled()) {
            throw new InvalidRequest("image " + request.imageId() + " is encrypted: it boots only onto an encrypted "
                    + "local disk (the Qcow2 or Flat backend)");
        }
        return new FlatBackend(disks, new ImageKeyLookup(keys, request.imageId(), imageKey.get()));
    }

    /** The flavor's root disk, or the image's size for a flavor with {@code root_gb} 0; never smaller than the image. */
    private static long rootDiskSize(SpawnRequest request, BaseImage base) {
        return DiskBuilder.rootDiskSize(request.flavor(), base.virtualSize());
    }

    /**
     * Nova's rebuild ({@code _rebuild_default_impl}, then {@code spawn}): the guest is powered off, the root disk is
     * made again from the request's image with the instance's backend, creation method and encryption format, the
     * domain is defined for it and booted. Unlike Nova, which destroys the old disk before it builds the new one,
     * the new instance directory is built whole beside the old one ({@link InstanceDirSwap}) and swapped in only
     * then: a failure before the swap leaves the instance as it was (its old disk, directory and secret), a crash
     * anywhere leaves one whole directory for {@link #reconcile} to keep.
     *
     * <p>An encrypted disk gets a fresh passphrase: the rebuilt disk shares no key with the old one (with legacy
     * AES the key is the passphrase's, so the same passphrase would encrypt the same sectors with the same key and
     * IVs), and the old passphrase's libvirt secret and key manager row are deleted once the new disk is in place.
     * A volume (the Rbd backend) is kept, as Nova keeps a volume-backed server's root volume (the API refuses a
     * new image for one); its domain is defined again and booted.
     */
    @Override
    public SpawnResult rebuild(RebuildRequest rebuild) {
        SpawnRequest request = rebuild.spawn();
        synchronized (lock(request.uuid())) {
            if (rebuild.preserveEphemeral()) {
                throw new PreserveEphemeralNotSupported();
            }
            if (rebuild.evacuation().isPresent()) {
                return evacuated(request);
            }
            InstanceFiles files = InstanceFiles.in(config.instanceDir(request.uuid()), request.encryption().enabled());
            if (!Files.isDirectory(files.dir())) {
                // nothing left of its disk (a build that failed and was undone): rebuilding it is building it
                ownDomain(request.uuid(), request.domainName()).ifPresent(d -> hypervisor.undefine(d.name()));
                diskSecrets.forgetAll(request.uuid());
                return spawnLocked(request, Optional.empty(), timings.of("rebuild"));
            }
            ImageBackend backend = backendFor(request);
            capabilities().requireEncryption(request.backend(), request.encryption());
            hypervisor.lookup(request.uuid()).ifPresent(d -> hypervisor.powerOff(d.name()));
            PhaseTimer timer = timings.of("rebuild");
            Optional<UUID> secret = Optional.empty();
            if (backend.kind() == BackendKind.RBD) {
                timer.run(BuildPhase.DEFINE,
                        () -> define(request, DiskBuilder.domainFor(request, backend, files, Optional.empty())));
            } else {
                secret = rebuildDirectory(request, backend, files, timer);
            }
            timer.run(BuildPhase.START, () -> start(request.uuid(), request.domainName()));
            LOG.info("rebuilt {} ({}) from image {} backend={} encryption={} creation={}", request.uuid(),
                    request.domainName(), request.imageId(), imagesType(backend), request.encryption(),
                    request.creation().specValue());
            Optional<UUID> own = secret;
            return timer.time(BuildPhase.GUEST_BOOT,
                    () -> result(request.uuid(), request.domainName(), InstanceFiles.of(files.dir()), own));
        }
    }

    /**
     * The new instance directory, built beside the old one, swapped in and its domain defined; from the swap on
     * nothing of the old disk is left: its directory, libvirt secret and key manager row go (a crash in between
     * leaves the old directory beside the new one, which tells {@link #reconcile} to finish this).
     *
     * @return the new disk's own secret
     */
    private Optional<UUID> rebuildDirectory(SpawnRequest request, ImageBackend backend, InstanceFiles files,
                                            PhaseTimer timer) {
        BaseImage base = timer.time(BuildPhase.FETCH, () -> images.fetchToBase(request.imageId()));
        long size = rootDiskSize(request, base);
        Optional<SecretDefinition> old = DiskSecrets.namedBy(InstanceFiles.of(files.dir()));
        // the new disk's secret names the same volume, and libvirt takes one secret per volume; the guest is off
        old.ifPresent(s -> diskSecrets.undefine(s.uuid()));
        InstanceDirSwap swap = new InstanceDirSwap(files.dir());
        InstanceFiles staged = InstanceFiles.in(swap.staged(), request.encryption().enabled());
        DiskBuilder.Created created;
        try {
            dirs.create(staged);
            created = builder.create(request, backend, DiskBuilder.Root.of(base, size), staged, files, timer);
        } catch (RuntimeException e) {
            quietly("remove " + swap.staged(), swap::discard);
            quietly("forget the new secrets of " + request.uuid(),
                    () -> diskSecrets.forgetAllBut(request.uuid(), old.map(SecretDefinition::uuid)));
            quietly("restore the secret of " + request.uuid(), () -> old.ifPresent(diskSecrets::restore));
            throw e;
        }
        swap.swap();
        try {
            DomainDocument domain = created.domain();
            timer.run(BuildPhase.DEFINE, () -> define(request, domain));
        } catch (RuntimeException e) {
            forgetTheOldDisk(request.uuid(), created.secret(), swap);
            throw e;
        }
        forgetTheOldDisk(request.uuid(), created.secret(), swap);
        return created.secret();
    }

    /** The old directory goes last: while it is there, a restart knows the old disk's secrets may still be. */
    private void forgetTheOldDisk(UUID uuid, Optional<UUID> newSecret, InstanceDirSwap swap) {
        diskSecrets.forgetAllBut(uuid, newSecret);
        swap.removeOld();
    }

    /** The domain of that name when it is this instance's (another instance may hold the name). */
    private Optional<DomainStatus> ownDomain(UUID uuid, String domainName) {
        return hypervisor.lookup(domainName).filter(d -> d.uuid().equals(uuid));
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

    /**
     * Boots the domain. A managed save image left by a suspend that did not end in a resume (a failed resume then a
     * stop, a rebuild) is discarded first, as Nova's power-on and hard reboot undefine the domain with it: only
     * {@link #resume} restores a saved guest.
     */
    private void start(UUID uuid, String domainName) {
        try {
            hypervisor.removeManagedSave(domainName);
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
                          Optional<UUID> kept) {
        // only our own domain: another instance may hold the name (a request reusing an instance number)
        quietly("undefine domain " + domainName, () -> ownDomain(uuid, domainName)
                .ifPresent(d -> hypervisor.undefine(domainName)));
        quietly("forget the secrets of " + uuid, () -> diskSecrets.forgetAllBut(uuid, kept));
        quietly("undefine the kept secret of " + uuid, () -> kept.ifPresent(diskSecrets::undefine));
        quietly("remove volume of " + uuid, () -> backend.remove(files));
        quietly("remove " + files.dir(), () -> InstanceDirs.remove(files.dir()));
    }

    /** Nova's resize to the same host ({@link InstanceResizer}): the disk grown, the domain redefined. */
    @Override
    public PowerState resize(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            return resizer.resize(request);
        }
    }

    @Override
    public PowerState confirmResize(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            return resizer.confirm(request);
        }
    }

    @Override
    public PowerState revertResize(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            return resizer.revert(request);
        }
    }

    /** A move to another host, on the source ({@link InstanceMover#leave}). */
    @Override
    public List<Path> migrateDiskAndPowerOff(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            return mover.leave(request);
        }
    }

    @Override
    public void receiveMigrationFile(UUID instance, String file, long offset, byte[] data) {
        synchronized (lock(instance)) {
            mover.receive(instance, file, offset, data);
        }
    }

    @Override
    public PowerState finishMigration(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            return mover.arrive(request);
        }
    }

    @Override
    public void withdrawMigration(UUID instance) {
        synchronized (lock(instance)) {
            mover.withdraw(instance);
        }
    }

    @Override
    public boolean putBackSetAside(UUID instance) {
        synchronized (lock(instance)) {
            return resizer.putBack(instance);
        }
    }

    @Override
    public void confirmMigrationSource(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            mover.forgetSource(request);
        }
    }

    /** A live migration, on the source ({@link InstanceMover#leaveLive}). */
    @Override
    public InstanceMover.LiveDeparture leaveLive(ResizeRequest request) {
        synchronized (lock(request.uuid())) {
            return mover.leaveLive(request);
        }
    }

    @Override
    public PowerState arriveLive(ResizeRequest request, boolean paused) {
        synchronized (lock(request.uuid())) {
            return mover.arriveLive(request, paused);
        }
    }

    @Override
    public void stayLive(UUID instance, boolean wasPaused) {
        synchronized (lock(instance)) {
            mover.stayLive(instance, wasPaused);
        }
    }

    @Override
    public void forgetLiveSource(UUID instance) {
        synchronized (lock(instance)) {
            mover.forgetLiveSource(instance);
        }
    }

    /** A boot after a resize or its revert: the disk's secret is defined first when a restart lost it. */
    private void boot(UUID uuid, String domainName) {
        DiskSecrets.namedBy(files(uuid)).ifPresent(diskSecrets::restore);
        start(uuid, domainName);
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

    /**
     * Hard reboot: power-off then start, from any power state (a paused guest is powered off; a suspended one's
     * managed save image is discarded, as Nova's hard reboot undefines the domain with it, so the guest boots).
     */
    @Override
    public void reboot(UUID uuid) {
        synchronized (lock(uuid)) {
            String name = domainOf(uuid).name();
            try {
                hypervisor.removeManagedSave(name);
                hypervisor.reboot(name);
            } catch (HypervisorError e) {
                throw new BootFailed(uuid, e.getMessage(), e);
            }
        }
    }

    @Override
    public void hardReboot(UUID uuid) {
        synchronized (lock(uuid)) {
            if (hypervisor.lookup(uuid).isEmpty()) {
                InstanceFiles files = files(uuid);
                if (!Files.exists(files.libvirtXml())) {
                    throw new InstanceNotFound(uuid);
                }
                DiskSecrets.namedBy(files).ifPresent(diskSecrets::restore);
                hypervisor.defineXml(InstanceDirs.read(files.libvirtXml()));
                LOG.info("defined the domain of {} again from its libvirt.xml for its hard reboot", uuid);
            }
            reboot(uuid);
        }
    }

    /** {@code virDomainSuspend}: the guest's vCPUs stop, its memory stays in the running domain. */
    @Override
    public void pause(UUID uuid) {
        synchronized (lock(uuid)) {
            hypervisor.pause(domainOf(uuid).name());
        }
    }

    /** {@code virDomainResume} of the paused domain. */
    @Override
    public void unpause(UUID uuid) {
        synchronized (lock(uuid)) {
            hypervisor.unpause(domainOf(uuid).name());
        }
    }

    /**
     * Nova's {@code save_memory_state}: {@code virDomainManagedSave}, the guest's memory written to libvirt's managed
     * save image and the domain shut off. The disk, its secret and the key manager's passphrase stay: the restore
     * opens the disk again.
     */
    @Override
    public void suspend(UUID uuid) {
        synchronized (lock(uuid)) {
            hypervisor.managedSave(domainOf(uuid).name());
        }
    }

    /**
     * Nova's resume: the domain is created again and libvirt restores the guest from its managed save image. QEMU
     * opens the encrypted disk again with the secret the XML names, so the root disk's libvirt secret is defined
     * first when it is not (from {@code secret.xml} and the key manager, as after a restart).
     */
    @Override
    public void resume(UUID uuid) {
        synchronized (lock(uuid)) {
            String name = domainOf(uuid).name();
            DiskSecrets.namedBy(files(uuid)).filter(diskSecrets::restore)
                    .ifPresent(s -> LOG.info("defined the secret {} of {} again to resume it", s.uuid(), uuid));
            try {
                hypervisor.start(name);
            } catch (HypervisorError e) {
                throw new BootFailed(uuid, e.getMessage(), e);
            }
        }
    }

    /** Nova's rescue ({@link InstanceRescue}): the guest boots a rescue disk, its own disks attached after it. */
    @Override
    public void rescue(RescueRequest request) {
        synchronized (lock(request.uuid())) {
            DiskSecrets.namedBy(files(request.uuid())).ifPresent(diskSecrets::restore);
            rescues.rescue(domainOf(request.uuid()).name(), files(request.uuid()), request);
        }
    }

    /** Nova's unrescue: the domain as it was before the rescue, booted again; the rescue disk removed. */
    @Override
    public void unrescue(UUID uuid) {
        synchronized (lock(uuid)) {
            rescues.unrescue(domainOf(uuid).name(), files(uuid), uuid);
        }
    }

    /** A rescue or unrescue a restart cut short, undone: the domain is as before the rescue (not started). */
    @Override
    public boolean undoRescue(UUID uuid) {
        synchronized (lock(uuid)) {
            if (!Files.isDirectory(config.instanceDir(uuid))) {
                return false;
            }
            return rescues.putBack(files(uuid), hypervisor.lookup(uuid).isPresent());
        }
    }

    /**
     * Nova's libvirt {@code set_admin_password}: only through the QEMU guest agent of an image that says it has one
     * ({@code hw_qemu_guest_agent}), for {@code os_admin_user} (root by default), of a running guest.
     */
    @Override
    public void setAdminPassword(UUID uuid, Map<String, String> imageProperties, Passphrase password) {
        synchronized (lock(uuid)) {
            DomainStatus domain = domainOf(uuid);
            if (domain.state() != PowerState.RUNNING) {
                throw PasswordNotSet.failed(uuid, "instance " + uuid + " is not running");
            }
            if (!GuestAgent.enabled(imageProperties)) {
                throw PasswordNotSet.agentNotEnabled();
            }
            try {
                hypervisor.setUserPassword(domain.name(), GuestAgent.adminUser(imageProperties), password);
            } catch (HypervisorError e) {
                // as Nova's manager: the caller learns nothing of the agent's answer, which could echo the request
                throw PasswordNotSet.failed(uuid, "error setting admin password");
            }
            LOG.info("admin password of {} set through its guest agent", uuid);
        }
    }

    /**
     * Destroys and undefines the domain (a suspended one's managed save image with it), undefines the libvirt
     * secrets of the instance's root disk and deletes them from the key manager, removes the instance directory (and
     * an Rbd volume, {@code <uuid>_disk}, as Nova's {@code _cleanup_rbd} does). The base image stays for the cache
     * manager. Idempotent.
     */
    @Override
    public void destroy(UUID uuid) {
        synchronized (lock(uuid)) {
            hypervisor.lookup(uuid).ifPresent(d -> hypervisor.undefine(d.name()));
            // attached volumes' libvirt secrets go with the domain; their keys are the volumes', not the instance's
            volumes.forgetVolumeSecrets(InstanceFiles.of(config.instanceDir(uuid)).libvirtXml());
            undefineNamedSecret(uuid);
            diskSecrets.forgetAll(uuid);
            rbd.ifPresent(r -> {
                String volume = uuid + "_disk";
                if (r.exists(volume)) {
                    r.remove(volume);
                }
            });
            InstanceDirs.remove(config.instanceDir(uuid));
            new ResizeDirs(config.instanceDir(uuid)).removeAll();
            LOG.info("destroyed {}", uuid);
        }
    }

    /**
     * The libvirt secret the instance's {@code secret.xml} names goes even when the key manager no longer has its key
     * (a local delete forgot it while this host was down); an unreadable file leaves it to the key manager's list.
     */
    private void undefineNamedSecret(UUID uuid) {
        try {
            DiskSecrets.namedBy(InstanceFiles.of(config.instanceDir(uuid))).ifPresent(s -> diskSecrets.undefine(s.uuid()));
        } catch (RuntimeException e) {
            LOG.warn("the secret.xml of {} could not be read: {}", uuid, e.getMessage());
        }
    }

    /**
     * Nova's {@code _shelve_offload_instance} on the host (the shelve image is already uploaded): the guest is
     * powered off and its domain undefined, the disk's libvirt secret undefined, the instance directory with its
     * disk removed. The disk's passphrase stays in the key manager under the instance's root disk: the unshelve
     * encrypts the new disk with it. The base image stays for the cache manager. Idempotent: an offload a restart
     * cut short is run again whole.
     */
    @Override
    public void shelveOffload(UUID uuid) {
        synchronized (lock(uuid)) {
            Path dir = config.instanceDir(uuid);
            if (rbd.isPresent() && rbd.get().exists(uuid + "_disk")) {
                throw new InvalidRequest("instance " + uuid + " boots from a volume: novalab offloads only local "
                        + "disks");
            }
            Optional<UUID> kept = Files.isDirectory(dir)
                    ? DiskSecrets.namedBy(InstanceFiles.of(dir)).map(SecretDefinition::uuid) : keptKey(uuid);
            hypervisor.lookup(uuid).ifPresent(d -> hypervisor.undefine(d.name()));
            // the disk's own passphrase stays; any other (a crash's leftover) goes, with every libvirt secret
            diskSecrets.forgetAllBut(uuid, kept);
            kept.ifPresent(diskSecrets::undefine);
            InstanceDirs.remove(dir);
            new ResizeDirs(dir).removeAll();
            LOG.info("offloaded {}: domain, secret and disk gone, passphrase {} kept", uuid,
                    kept.map(UUID::toString).orElse("(none: a plain disk)"));
        }
    }

    /**
     * Nova's unshelve spawn: the instance built again from its shelve image (through {@code _base} as any boot), its
     * root disk encrypted under the passphrase the offload kept, the libvirt secret defined again with that value.
     * A failure undoes the new disk, domain and secret and keeps the passphrase for another unshelve.
     */
    @Override
    public SpawnResult unshelve(SpawnRequest request) {
        synchronized (lock(request.uuid())) {
            Optional<UUID> kept = keptKey(request.uuid());
            if (request.encryption().enabled() && kept.isEmpty()) {
                throw new InvalidRequest("the passphrase of the encrypted root disk of instance " + request.uuid()
                        + " is not in the key manager: it cannot be unshelved");
            }
            return spawnLocked(request, request.encryption().enabled() ? kept : Optional.empty(),
                    timings.of("unshelve"));
        }
    }

    /**
     * Nova's rebuild with {@code recreate} on the host an instance is evacuated to: its disk stayed on a host that is
     * down, so it is built anew here from the image, encrypted under the passphrase the key manager keeps for it (the
     * one secret of the disk: the host it left holds only a copy of its libvirt secret), and booted. A failure undoes
     * what it made here and keeps the passphrase.
     */
    private SpawnResult evacuated(SpawnRequest request) {
        Optional<UUID> kept = keptKey(request.uuid());
        if (request.encryption().enabled() && kept.isEmpty()) {
            throw new InvalidRequest("the passphrase of the encrypted root disk of instance " + request.uuid()
                    + " is not in the key manager: it cannot be rebuilt on another host");
        }
        return spawnLocked(request, request.encryption().enabled() ? kept : Optional.empty(),
                timings.of("evacuate"));
    }

    /**
     * What a host that comes back keeps of an instance the database has on another host (evacuated while this one
     * was down): nothing. Its directory goes, and its libvirt secret when no domain here uses that instance's uuid
     * (on a hypervisor several compute services share, the domain is the other host's). The key manager's
     * passphrase stays: it is the instance's, wherever it runs.
     */
    @Override
    public void forgetStaleCopy(UUID uuid) {
        synchronized (lock(uuid)) {
            Path dir = config.instanceDir(uuid);
            if (hypervisor.lookup(uuid).isEmpty() && Files.isDirectory(dir)) {
                DiskSecrets.namedBy(InstanceFiles.of(dir)).ifPresent(s -> diskSecrets.undefine(s.uuid()));
            }
            InstanceDirs.remove(dir);
            LOG.info("removed the stale copy of {}: it lives on another host now, its passphrase stays", uuid);
        }
    }

    /** The root disk's passphrase the key manager keeps for an offloaded instance (at most one). */
    private Optional<UUID> keptKey(UUID uuid) {
        List<SecretMetadata> kept = keys.list(SecretOwner.rootDisk(uuid));
        if (kept.size() > 1) {
            throw new InvalidRequest("instance " + uuid + " has " + kept.size() + " root disk passphrases in the key "
                    + "manager; novalab cannot tell which one encrypted its shelved disk");
        }
        return kept.stream().findFirst().map(SecretMetadata::id);
    }

    /** The domain's counters as libvirt reports them. */
    @Override
    public DomainStats diagnostics(UUID uuid) {
        synchronized (lock(uuid)) {
            return hypervisor.stats(domainOf(uuid).name());
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

    /**
     * Nova's cold snapshot of the root disk ({@link ColdSnapshot}): a running or paused guest is saved and restored
     * around it, an encrypted disk is read with its own passphrase and gives an image encrypted under the image's.
     */
    @Override
    public SnapshotImage snapshot(UUID uuid, String imageId) {
        synchronized (lock(uuid)) {
            InstanceFiles files = files(uuid);
            String name = domainOf(uuid).name();
            return snapshots.take(imageId, files.disk(), DiskSecrets.namedBy(files).map(SecretDefinition::uuid),
                    new ColdSnapshot.Guest() {
                        @Override
                        public PowerState state() {
                            return domainOf(uuid).state();
                        }

                        @Override
                        public void save() {
                            hypervisor.managedSave(name);
                        }

                        @Override
                        public void restore(boolean paused) {
                            resume(uuid);
                            if (paused && domainOf(uuid).state() != PowerState.PAUSED) {
                                hypervisor.pause(name);
                            }
                        }
                    });
        }
    }

    @Override
    public void discardSnapshot(SnapshotImage image) {
        snapshots.discard(image);
    }

    /** After a restart: domains and instance directories that disagree with the database are fixed or flagged. */
    @Override
    public ReconcileReport reconcile(Collection<KnownInstance> known) {
        snapshotFiles.clearLeftovers();
        for (UUID uuid : InstanceDirSwap.recover(config.instancesDir())) {
            finishInterruptedRebuild(uuid);
        }
        ResizeDirs.recoverAll(config.instancesDir())
                .forEach(uuid -> LOG.warn("put the directories of {} right after a resize a restart cut short", uuid));
        return new Reconciler(config, hypervisor, diskSecrets).reconcile(known);
    }

    /**
     * A rebuild a crash cut short left one whole instance directory (the old or the new one): the root disk keeps
     * only the secret that directory names, and a domain libvirt kept is defined again from its libvirt.xml.
     */
    private void finishInterruptedRebuild(UUID uuid) {
        synchronized (lock(uuid)) {
            Path dir = config.instanceDir(uuid);
            Optional<InstanceFiles> files = Files.isDirectory(dir) ? Optional.of(InstanceFiles.of(dir)) : Optional.empty();
            diskSecrets.forgetAllBut(uuid, files.flatMap(DiskSecrets::namedBy).map(SecretDefinition::uuid));
            files.filter(f -> Files.exists(f.libvirtXml())).ifPresent(f -> hypervisor.lookup(uuid)
                    .ifPresent(d -> hypervisor.defineXml(InstanceDirs.read(f.libvirtXml()))));
            LOG.warn("finished the rebuild of {} that a restart interrupted: its {} directory stays", uuid,
                    files.isPresent() ? "whole" : "(no)");
        }
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

    private Object lock(UUID uuid) {
        return locks.of(uuid);
    }

    /** The backend as Nova's {@code images_type} names it in the log: qcow2, flat or rbd. */
    private static String imagesType(ImageBackend backend) {
        return backend.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("rollback: could not {}: {}", what, e.getMessage());
        }
    }
}
