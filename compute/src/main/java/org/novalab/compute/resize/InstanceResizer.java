package org.novalab.compute.resize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.novalab.compute.Flavor;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.DiskTool;
import org.novalab.disk.KeyLookup;
import org.novalab.io.AtomicFiles;
import org.novalab.keys.KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's libvirt resize on one host ({@code migrate_disk_and_power_off}, {@code finish_migration},
 * {@code confirm_migration}, {@code finish_revert_migration}): the guest is powered off, its instance directory
 * copied (the root disk as it is: a qcow2 overlay still over its {@code _base}, or a standalone image; plain, LUKS or
 * legacy AES) and the copy's disk grown to the new flavor's root size by the disk library, which keeps it encrypted
 * with its passphrase; the domain is defined again with the new flavor's vCPUs and memory and booted when the server
 * was running. The disk keeps its passphrase, its key manager row and its libvirt secret: they name the disk's path,
 * which does not change. The old directory waits as {@code <uuid>_resize} ({@link ResizeDirs}) until a confirm
 * removes it or a revert puts it back.
 */
public final class InstanceResizer {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceResizer.class);

    /** How the driver boots a domain: the disk's libvirt secret defined when it is not, then the start. */
    @FunctionalInterface
    public interface Boot {
        void start(UUID instance, String domainName);
    }

    private final Path instancesDir;
    private final Hypervisor hypervisor;
    private final DiskTool disks;
    private final KeyManager keys;
    private final InstanceDirs dirs;
    private final Boot boot;
    private final HostInstances host;

    public InstanceResizer(Path instancesDir, Hypervisor hypervisor, DiskTool disks, KeyManager keys,
                           InstanceDirs dirs, Boot boot) {
        this.instancesDir = instancesDir;
        this.hypervisor = hypervisor;
        this.disks = disks;
        this.keys = keys;
        this.dirs = dirs;
        this.boot = boot;
        this.host = new HostInstances(instancesDir, hypervisor);
    }

    public ResizeDirs dirsOf(UUID instance) {
        return host.resizeDirsOf(instance);
    }

    /**
     * Resizes the instance to the request's new flavor. A disk that would shrink is Nova's "Unable to resize disk
     * down." before anything is touched; a failure before the swap removes the copy and boots the guest again when it
     * was running; one after it puts the old directory back.
     *
     * @return the domain's power state after it
     */
    public PowerState resize(ResizeRequest r) {
        ResizeDirs d = dirsOf(r.uuid());
        d.recover();
        if (d.waiting()) {
            throw new ResizeError("instance " + r.uuid() + " has a resize waiting for its confirmation");
        }
        InstanceFiles files = host.filesOf(r.uuid());
        long wanted = grownSize(disks, files, r);
        DomainDefinition old = DomainXml.parse(InstanceDirs.read(files.libvirtXml()));
        DomainDocument resized = DomainDocument.of(withFlavor(old, r.newFlavor()));
        host.powerOff(r.uuid());
        try {
            stage(files, d.staged(), wanted, resized);
        } catch (RuntimeException e) {
            quietly("remove " + d.staged(), d::discard);
            if (!r.wasStopped()) {
                quietly("boot " + r.uuid() + " again", () -> boot.start(r.uuid(), old.name()));
            }
            throw e;
        }
        d.swap();
        try {
            hypervisor.define(resized);
            if (!r.wasStopped()) {
                boot.start(r.uuid(), resized.name());
            }
        } catch (RuntimeException e) {
            quietly("revert the resize of " + r.uuid(), () -> revert(r));
            throw e;
        }
        LOG.info("resized {} ({}) to flavor {}: {} vCPUs, {} MiB, root disk {} bytes; {} waits", r.uuid(),
                resized.name(), r.newFlavor().name(), r.newFlavor().vcpus(), r.newFlavor().ramMb(), wanted, d.old());
        return host.state(resized.name());
    }

    /**
     * The root disk's size under the new flavor (its own size for a flavor with {@code root_gb} 0), checked as Nova
     * checks before anything is touched: a disk that would shrink is "Unable to resize disk down.", and only a file
     * disk of the instance directory is resized or moved.
     */
    static long grownSize(DiskTool disks, InstanceFiles files, ResizeRequest r) {
        if (r.newFlavor().rootGb() < r.oldFlavor().rootGb()) {
            throw new ResizeError("Unable to resize disk down.");
        }
        if (!Files.exists(files.disk())) {
            throw new ResizeError("the root disk of instance " + r.uuid() + " is not a file of its instance directory "
                    + "(an Rbd volume): novalab resizes and moves file disks only");
        }
        long size = disks.info(files.disk()).virtualSize();
        long wanted = r.newFlavor().rootGb() == 0 ? size : r.newFlavor().rootBytes();
        if (wanted < size) {
            throw new ResizeError("Unable to resize disk down.");
        }
        return wanted;
    }

    /** Nova's {@code confirm_migration}: the old directory (its disk) goes; the resized instance stays as it is. */
    public PowerState confirm(ResizeRequest r) {
        ResizeDirs d = dirsOf(r.uuid());
        d.recover();
        d.removeOld();
        LOG.info("confirmed the resize of {}", r.uuid());
        return host.state(r.instance().domainName());
    }

    /**
     * Nova's {@code finish_revert_migration}: the guest is powered off, the old directory put back, the domain defined
     * again from its libvirt.xml (the old flavor) and booted when it was running before the resize. Repeating it
     * (after a crash) finishes it.
     */
    public PowerState revert(ResizeRequest r) {
        ResizeDirs d = dirsOf(r.uuid());
        d.recover();
        host.powerOff(r.uuid());
        d.revert();
        InstanceFiles files = host.filesOf(r.uuid());
        hypervisor.defineXml(InstanceDirs.read(files.libvirtXml()));
        String name = DomainXml.parse(InstanceDirs.read(files.libvirtXml())).name();
        if (!r.wasStopped()) {
            boot.start(r.uuid(), name);
        }
        LOG.info("reverted the resize of {} to flavor {}", r.uuid(), r.oldFlavor().name());
        return host.state(name);
    }

    /**
     * The set-aside directory of a move from here that was given up, back in place; nothing else changes. Only when
     * nothing stands in its place: a resize on this host that failed after its swap (its confirm, say) keeps both
     * directories for whoever looks at the server in error, since the database's flavor is the resized one.
     */
    public boolean putBack(UUID instance) {
        ResizeDirs d = dirsOf(instance);
        d.recover();
        if (!d.waiting() || Files.exists(d.current())) {
            return false;
        }
        d.revert();
        LOG.warn("put the directory of {} back in place: its resize or move was given up", instance);
        return true;
    }

    /** The copy of the instance directory, its disk grown and its libvirt.xml the resized domain's. */
    private void stage(InstanceFiles files, Path staged, long size, DomainDocument resized) {
        dirs.create(InstanceFiles.in(staged, files.secretXml().isPresent()));
        try (Stream<Path> listed = Files.list(files.dir())) {
            for (Path f : listed.filter(Files::isRegularFile).toList()) {
                if (f.equals(files.libvirtXml())) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    AtomicFiles.copy(in, staged.resolve(f.getFileName()));
                }
                dirs.share(staged.resolve(f.getFileName()));
            }
            Path disk = staged.resolve(files.disk().getFileName());
            disks.resize(disk, size, keysOf(files));
            AtomicFiles.write(staged.resolve(files.libvirtXml().getFileName()),
                    resized.xml().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
            dirs.share(staged.resolve(files.libvirtXml().getFileName()));
            AtomicFiles.syncDirectory(staged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + files.dir() + " to " + staged + ": " + e.getMessage(), e);
        }
    }

    /** The disk's passphrase, from the key manager, by the secret its secret.xml names (none when plain). */
    private KeyLookup keysOf(InstanceFiles files) {
        Optional<UUID> secret = files.secretXml().filter(Files::exists)
                .map(x -> SecretXml.parse(InstanceDirs.read(x)).uuid());
        return secret.<KeyLookup>map(id -> image -> Optional.of(keys.get(id))).orElse(KeyLookup.NONE);
    }

    private static DomainDefinition withFlavor(DomainDefinition d, Flavor flavor) {
        return new DomainDefinition(d.type(), d.name(), d.uuid(), flavor.ramMb() * 1024L, flavor.vcpus(), d.disks(),
                d.consoleLog());
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("rollback: could not {}: {}", what, e.getMessage());
        }
    }
}
