package org.novalab.compute.resize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.compute.Flavor;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.DiskTool;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.qcow2.Qcow2Rebase;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.BaseImages;
import org.novalab.io.AtomicFiles;
import org.novalab.keys.KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's libvirt driver moving an instance's disk to another compute host (a cold migration, or a resize the
 * scheduler sent elsewhere): the source powers the guest off and sets its directory aside as {@code <uuid>_resize}
 * ({@link #leave}); the files go to the destination ({@link #receive}) into {@code <uuid>.incoming}; the destination
 * fetches the image into its own {@code _base}, points the overlay at it, grows the disk to the new flavor, writes
 * libvirt.xml, disk.info and secret.xml for its own paths, defines the disk's libvirt secret with the key manager's
 * passphrase (the same secret uuid: the key manager's row is the disk's, no host's) and boots the domain
 * ({@link #arrive}). A confirm removes the source's copy and its libvirt secret ({@link #forgetSource}); a revert
 * removes the destination's ({@link #withdraw}) before the source takes its old directory back. The passphrase is
 * never copied: only the secret's uuid travels, in secret.xml, and each host reads the value from the key manager.
 */
public final class InstanceMover {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceMover.class);
    /** The files of an instance directory that travel; disk.info and console.log are the destination's own. */
    static final Set<String> MOVED_FILES = Set.of("disk", "libvirt.xml", "secret.xml");
    static final String INCOMING = ".incoming";

    private final Path instancesDir;
    private final Hypervisor hypervisor;
    private final DiskTool disks;
    private final KeyManager keys;
    private final SecretStore secrets;
    private final InstanceDirs dirs;
    private final BaseImages images;
    private final InstanceResizer.Boot boot;
    private final HostInstances host;
    private final Optional<RbdVolumes> rbd;

    /** @param rbd the host's pool of Rbd disks, if it has one: a live migration of one needs it on both hosts */
    public InstanceMover(Path instancesDir, Hypervisor hypervisor, DiskTool disks, KeyManager keys,
                         SecretStore secrets, InstanceDirs dirs, BaseImages images, InstanceResizer.Boot boot,
                         Optional<RbdVolumes> rbd) {
        this.rbd = rbd;
        this.instancesDir = instancesDir;
        this.hypervisor = hypervisor;
        this.disks = disks;
        this.keys = keys;
        this.secrets = secrets;
        this.dirs = dirs;
        this.images = images;
        this.boot = boot;
        this.host = new HostInstances(instancesDir, hypervisor);
    }

    /**
     * On the source, Nova's {@code migrate_disk_and_power_off}: the checks first (a disk that would shrink, an Rbd
     * volume), then the guest is powered off and its directory set aside as {@code <uuid>_resize}, where it stays
     * until the move is confirmed or reverted.
     *
     * @return the files to send, from the set-aside directory
     */
    public List<Path> leave(ResizeRequest r) {
        ResizeDirs d = host.resizeDirsOf(r.uuid());
        d.recover();
        if (d.waiting()) {
            throw new ResizeError("instance " + r.uuid() + " has a resize waiting for its confirmation");
        }
        InstanceFiles files = host.filesOf(r.uuid());
        InstanceResizer.grownSize(disks, files, r);
        if (DomainXml.parse(InstanceDirs.read(files.libvirtXml())).disks().size() > 1) {
            throw new ResizeError("instance " + r.uuid() + " has volumes attached: novalab moves a server to another "
                    + "host without them; detach them first");
        }
        host.powerOff(r.uuid());
        d.setAside();
        List<Path> out = toSend(d.old());
        LOG.info("instance {} powered off and set aside as {} for its move to {}", r.uuid(), d.old(),
                r.move().map(ResizeRequest.Move::destination).orElse("?"));
        return out;
    }

    /**
     * On the source of a live migration (Nova's {@code check_can_live_migrate_source}, then the start of
     * {@code live_migration}): the checks first (a guest that runs or is paused, on the emulated hypervisor, with one
     * file disk), then the guest is paused where it is, so its disk does not change while it is copied (QEMU would
     * mirror it while the guest runs; the pause makes novalab's copy consistent, at the cost of downtime). The
     * directory stays in place: the guest resumes here if the move fails.
     */
    public LiveDeparture leaveLive(ResizeRequest r) {
        if (hypervisor.runsRealGuests()) {
            throw new LiveMigrationRefused("instance " + r.uuid() + " runs under QEMU on " + hypervisor.uri()
                    + ": novalab live-migrates the guests of its emulated hypervisor only (a QEMU guest's memory does "
                    + "not move); migrate it cold instead");
        }
        InstanceFiles files = host.filesOf(r.uuid());
        DomainDefinition domain = DomainXml.parse(InstanceDirs.read(files.libvirtXml()));
        if (domain.disks().size() > 1) {
            throw new LiveMigrationRefused("instance " + r.uuid() + " has volumes attached: novalab moves a server to "
                    + "another host without them; detach them first");
        }
        if (domain.disks().get(0).source() instanceof DiskSource.Rbd && rbd.isEmpty()) {
            throw new LiveMigrationRefused("the root disk of instance " + r.uuid() + " is an Rbd volume and this "
                    + "host has no pool");
        }
        PowerState power = host.state(domain.name());
        if (power != PowerState.RUNNING && power != PowerState.PAUSED) {
            throw new LiveMigrationRefused("instance " + r.uuid() + " is not running here (" + power + ")");
        }
        if (power == PowerState.RUNNING) {
            hypervisor.pause(domain.name());
        }
        List<Path> out = toSend(files.dir());
        LOG.info("instance {} paused for its live migration to {} ({})", r.uuid(),
                r.move().map(ResizeRequest.Move::destination).orElse("?"),
                domain.disks().get(0).source() instanceof DiskSource.Rbd ? "its Rbd disk is shared: only libvirt.xml "
                        + "and secret.xml go" : "block migration: its disk goes");
        return new LiveDeparture(out, power == PowerState.PAUSED);
    }

    /**
     * On the destination of a live migration (Nova's {@code pre_live_migration} and
     * {@code post_live_migration_at_destination}): the files that arrived put in place as a cold move's are, the disk's
     * libvirt secret defined before the domain, the guest running (paused again when it was paused). The emulated
     * guest starts from its disk, which opens here only with its secret: its console shows that boot.
     */
    public PowerState arriveLive(ResizeRequest r, boolean paused) {
        PowerState power = Files.isRegularFile(incoming(r.uuid()).resolve("disk")) ? arrive(r) : arriveShared(r);
        if (paused) {
            hypervisor.lookup(r.uuid()).filter(d -> d.state() == PowerState.RUNNING)
                    .ifPresent(d -> hypervisor.pause(d.name()));
            power = hypervisor.lookup(r.uuid()).map(d -> d.state()).orElse(power);
        }
        return power;
    }

    /**
     * On the destination of a live migration on shared storage (Nova's {@code is_shared_block_storage}: an Rbd root
     * disk in a pool this host sees too): no disk arrives, only libvirt.xml and secret.xml. The volume must be in this
     * host's pool (else Nova's {@code InvalidSharedStorage}); the directory is made on this host's paths, and the
     * domain, its disk the same network disk, is defined and booted after the disk's libvirt secret.
     */
    private PowerState arriveShared(ResizeRequest r) {
        Path dir = host.dirOf(r.uuid()).toAbsolutePath().normalize();
        Path incoming = incoming(r.uuid());
        InstanceFiles in = InstanceFiles.of(incoming);
        if (!Files.isRegularFile(in.libvirtXml())) {
            throw new ResizeError("the libvirt.xml of instance " + r.uuid() + " did not arrive on this host");
        }
        DomainDefinition sent = DomainXml.parse(InstanceDirs.read(in.libvirtXml()));
        if (!(sent.disks().get(0).source() instanceof DiskSource.Rbd root)) {
            throw new ResizeError("the disk of instance " + r.uuid() + " did not arrive on this host");
        }
        if (rbd.filter(v -> v.pool().equals(root.pool()) && v.exists(root.image())).isEmpty()) {
            throw new LiveMigrationRefused(root.name() + " is not on shared storage: this host's pool does not hold "
                    + "it, so its guest cannot run here without a block migration");
        }
        InstanceFiles files = InstanceFiles.in(dir, in.secretXml().isPresent());
        DomainDefinition here = relocated(sent, files, r.newFlavor());
        DomainDocument document = DomainDocument.of(here);
        putInPlace(r, dir, document, true,
                () -> dirs.writeMetadata(in, files, "rbd", document.xml(), in.secretXml().map(InstanceDirs::read)));
        LOG.info("instance {} ({}) arrived from {} on shared storage: disk {}", r.uuid(), here.name(),
                r.move().map(ResizeRequest.Move::source).orElse("?"), root.name());
        return host.state(here.name());
    }

    /**
     * On the source of a live migration that failed or was given up: the paused guest carries on (it stays paused
     * when it was paused before).
     */
    public void stayLive(UUID instance, boolean wasPaused) {
        if (!wasPaused) {
            hypervisor.lookup(instance).filter(d -> d.state() == PowerState.PAUSED)
                    .ifPresent(d -> hypervisor.unpause(d.name()));
        }
    }

    /**
     * On the source of a finished live migration (Nova's {@code post_live_migration}): the domain, the disk's
     * libvirt secret and the directory go. The key manager's passphrase stays: the disk runs on the destination.
     */
    public void forgetLiveSource(UUID instance) {
        Path dir = host.dirOf(instance);
        host.removeDomain(instance);
        if (Files.isDirectory(dir)) {
            secretOf(InstanceFiles.of(dir)).ifPresent(this::undefineSecret);
            InstanceDirs.remove(dir);
        }
        LOG.info("live migration of {} done: its domain, libvirt secret and files are gone from this host", instance);
    }

    /**
     * The files of {@code dir} a move sends, the disk first (its first piece starts the destination's copy afresh);
     * an Rbd disk is no file here, and a plain disk has no secret.xml.
     */
    private static List<Path> toSend(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String name : List.of("disk", "secret.xml", "libvirt.xml")) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** What a live migration's source hands on: the files to copy, and whether the guest was paused already. */
    public record LiveDeparture(List<Path> files, boolean wasPaused) {
        public LiveDeparture {
            files = List.copyOf(files);
        }
    }

    /**
     * On the destination, one piece of a moved file, written at {@code offset} of
     * {@code <uuid>.incoming/<file>}. A file starts at offset 0 (which starts it again); any other offset must be
     * where the file ends, so a piece lost or repeated is an error, not a corrupt disk.
     */
    public void receive(UUID instance, String file, long offset, byte[] data) {
        if (!MOVED_FILES.contains(file)) {
            throw new InvalidRequest("'" + file + "' is not a file a move carries (" + MOVED_FILES + ")");
        }
        if (Files.isDirectory(host.dirOf(instance))) {
            throw new ResizeError("instance " + instance + " already has a directory on this host");
        }
        Path incoming = incoming(instance);
        try {
            if (file.equals("disk") && offset == 0 && Files.isDirectory(incoming)) {
                // the disk goes first: a move that starts again leaves nothing of an earlier attempt
                InstanceDirs.remove(incoming);
            }
            if (!Files.isDirectory(incoming)) {
                if (offset != 0) {
                    throw new ResizeError("a piece of " + file + " of instance " + instance + " at offset " + offset
                            + " arrived before its start");
                }
                dirs.create(InstanceFiles.in(incoming, false));
            }
            Path target = incoming.resolve(file);
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (offset == 0) {
                    ch.truncate(0);
                } else if (ch.size() != offset) {
                    throw new ResizeError("a piece of " + file + " of instance " + instance + " at offset " + offset
                            + " does not follow the " + ch.size() + " bytes that arrived");
                }
                ByteBuffer buffer = ByteBuffer.wrap(data);
                long at = offset;
                while (buffer.hasRemaining()) {
                    at += ch.write(buffer, at);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " of instance " + instance + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * On the destination, Nova's {@code finish_migration}: the files that arrived become the instance's directory,
     * on this host's paths, and the domain is defined and booted (unless the server was stopped). A repeated finish
     * (a redelivered message) of an instance already here does nothing more; a failure removes what it made here.
     */
    public PowerState arrive(ResizeRequest r) {
        Path dir = instancesDir.resolve(r.uuid().toString()).toAbsolutePath().normalize();
        Path incoming = incoming(r.uuid());
        if (!Files.isDirectory(incoming)) {
            if (Files.isDirectory(dir) && hypervisor.lookup(r.uuid()).isPresent()) {
                return host.state(hypervisor.lookup(r.uuid()).get().name());
            }
            throw new ResizeError("the disk of instance " + r.uuid() + " did not arrive on this host");
        }
        InstanceFiles in = InstanceFiles.of(incoming);
        if (!Files.isRegularFile(in.disk()) || !Files.isRegularFile(in.libvirtXml())) {
            throw new ResizeError("the disk or libvirt.xml of instance " + r.uuid() + " did not arrive whole");
        }
        InstanceFiles files = InstanceFiles.in(dir, in.secretXml().isPresent());
        DomainDefinition sent = DomainXml.parse(InstanceDirs.read(in.libvirtXml()));
        if (!(sent.disks().get(0).source() instanceof DiskSource.File)) {
            throw new ResizeError("the root disk of domain " + sent.name() + " is not a file: novalab moves file "
                    + "disks only");
        }
        DomainDefinition here = relocated(sent, files, r.newFlavor());
        Optional<SecretDefinition> secret = in.secretXml().map(x -> SecretXml.parse(InstanceDirs.read(x)))
                .map(s -> SecretDefinition.forVolume(s.uuid(), files.disk().toString()));
        DomainDocument document = DomainDocument.of(here);
        putInPlace(r, dir, document, !r.wasStopped(), () -> {
            ImageInfo info = disks.info(in.disk());
            onThisHostsBase(r, in.disk(), info);
            disks.resize(in.disk(), InstanceResizer.grownSize(disks, in, r), secret.<KeyLookup>map(
                    s -> image -> Optional.of(keys.get(s.uuid()))).orElse(KeyLookup.NONE));
            dirs.writeMetadata(in, files, info.format().name().toLowerCase(java.util.Locale.ROOT), document.xml(),
                    secret.map(SecretXml::write));
            dirs.share(in.disk());
        });
        LOG.info("instance {} ({}) arrived from {}: flavor {}, disk {}, secret {}", r.uuid(), here.name(),
                r.move().map(ResizeRequest.Move::source).orElse("?"), r.newFlavor().name(), files.disk(),
                secret.map(s -> s.uuid().toString()).orElse("(none: a plain disk)"));
        return host.state(here.name());
    }

    /**
     * What arrived in {@code <uuid>.incoming} made ready by {@code prepare}, renamed into place as the instance's
     * directory (each step synced), its domain defined and, when {@code start}, booted (its disk's secret first). A
     * failure removes everything this host made of it.
     */
    private void putInPlace(ResizeRequest r, Path dir, DomainDocument document, boolean start, Preparation prepare) {
        Path incoming = incoming(r.uuid());
        try {
            prepare.run();
            AtomicFiles.syncDirectory(incoming);
            Files.move(incoming, dir, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(instancesDir);
            hypervisor.define(document);
            if (start) {
                boot.start(r.uuid(), document.definition().name());
            }
        } catch (IOException e) {
            withdraw(r.uuid());
            throw new UncheckedIOException("cannot put instance " + r.uuid() + " in place: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            withdraw(r.uuid());
            throw e;
        }
    }

    /** A step of {@link #putInPlace} that writes files. */
    private interface Preparation {
        void run() throws IOException;
    }

    /**
     * On the destination, what a revert or a failed finish takes away: the domain, the disk's libvirt secret (its
     * passphrase stays in the key manager: the source's disk still needs it), the instance directory and whatever
     * arrived. Safe to repeat.
     */
    public void withdraw(UUID instance) {
        Path dir = host.dirOf(instance);
        host.removeDomain(instance);
        for (Path d : List.of(dir, incoming(instance))) {
            if (Files.isDirectory(d)) {
                secretOf(InstanceFiles.of(d)).ifPresent(this::undefineSecret);
                InstanceDirs.remove(d);
            }
        }
        new ResizeDirs(dir).removeAll();
        LOG.info("instance {} withdrawn from this host: domain, libvirt secret and files gone", instance);
    }

    /**
     * On the source, Nova's {@code confirm_migration} for an instance that now lives on another host: its domain
     * here, the disk's libvirt secret here and the set-aside directory go. The key manager's passphrase stays: it
     * is the disk's, which now runs on the destination.
     */
    public void forgetSource(ResizeRequest r) {
        ResizeDirs d = host.resizeDirsOf(r.uuid());
        d.recover();
        host.removeDomain(r.uuid());
        if (Files.isDirectory(d.old())) {
            secretOf(InstanceFiles.of(d.old())).ifPresent(this::undefineSecret);
        }
        d.removeAll();
        LOG.info("confirmed the move of {}: its domain, libvirt secret and old disk are gone from this host",
                r.uuid());
    }

    /**
     * An overlay names the source's {@code _base}: the image is fetched into this host's (Nova's
     * {@code _create_image} on the destination) and the overlay pointed at it, header only ({@code qemu-img rebase
     * -u}); the base is the same image, so the guest sees the same bytes.
     */
    private void onThisHostsBase(ResizeRequest r, Path disk, ImageInfo info) {
        if (info.backingFilename() == null) {
            return;
        }
        String imageId = r.move().flatMap(ResizeRequest.Move::imageId).orElseThrow(() -> new ResizeError(
                "the disk of instance " + r.uuid() + " is an overlay, and the move names no image to fetch its "
                        + "base from"));
        BaseImage base = images.fetchToBase(imageId);
        String named = Path.of(info.backingFilename()).getFileName().toString();
        if (!base.path().getFileName().toString().equals(named)) {
            throw new ResizeError("the overlay of instance " + r.uuid() + " is over _base/" + named + ", not over "
                    + "image " + imageId + "'s base " + base.path().getFileName());
        }
        Qcow2Rebase.unsafe(disk, base.path().toAbsolutePath().toString(), base.format());
    }

    /** The domain the source defined, on this host's paths and with the new flavor's vCPUs and memory. */
    private static DomainDefinition relocated(DomainDefinition d, InstanceFiles files, Flavor flavor) {
        List<DiskDefinition> disks = new ArrayList<>();
        for (DiskDefinition disk : d.disks()) {
            disks.add(disks.isEmpty() && disk.source() instanceof DiskSource.File
                    ? new DiskDefinition(new DiskSource.File(files.disk()), disk.driverType(), disk.targetDev(),
                            disk.bus(), disk.encryption(), disk.serial(), disk.iotune())
                    : disk);
        }
        return new DomainDefinition(d.type(), d.name(), d.uuid(), flavor.ramMb() * 1024L, flavor.vcpus(), disks,
                d.consoleLog().map(c -> files.consoleLog()));
    }

    private Optional<SecretDefinition> secretOf(InstanceFiles files) {
        return files.secretXml().filter(Files::exists).map(x -> SecretXml.parse(InstanceDirs.read(x)));
    }

    private void undefineSecret(SecretDefinition s) {
        try {
            secrets.undefine(s.uuid());
        } catch (SecretException e) {
            LOG.debug("secret {} already gone: {}", s.uuid(), e.getMessage());
        }
    }

    private Path incoming(UUID instance) {
        return instancesDir.resolve(instance + INCOMING).toAbsolutePath().normalize();
    }
}
