package org.novalab.compute.rescue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.BackendKind;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.backend.ImageBackend;
import org.novalab.compute.backend.ImageBackends;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.BaseImages;
import org.novalab.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's legacy libvirt rescue ({@code LibvirtDriver.rescue} / {@code unrescue}) on an instance directory. Rescue:
 * the domain's XML as libvirt has it now is kept as {@code unrescue.xml}; {@code disk.rescue} is made from the
 * rescue image's {@code _base} file with the instance's own backend, at the image's size (Nova passes no size for
 * the {@code .rescue} suffix); the domain is defined again with the rescue disk first (it boots) and the instance's
 * own disks after it, each with its {@code <encryption>} and secret, then started. Unrescue defines the kept XML
 * again, boots it, and removes {@code unrescue.xml} and {@code disk.rescue}; the root disk, its secret and its key
 * are never touched.
 *
 * <p>The rescue disk is not encrypted, as in Nova, whose rescue disk mapping carries none of the root disk's
 * encryption attributes: it holds a copy of a Glance image, no guest data. novalab keeps {@code libvirt.xml} equal to
 * what libvirt has defined (the rescue domain while rescued), so a restart's reconcile defines the rescue domain
 * again and the server stays rescued.
 */
public final class InstanceRescue {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRescue.class);
    private static final String TARGETS = "abcdefghijklmnopqrstuvwxyz";

    private final Hypervisor hypervisor;
    private final BaseImages images;
    private final ImageBackends backends;
    private final InstanceDirs dirs;

    public InstanceRescue(Hypervisor hypervisor, BaseImages images, ImageBackends backends, InstanceDirs dirs) {
        this.hypervisor = hypervisor;
        this.images = images;
        this.backends = backends;
        this.dirs = dirs;
    }

    /**
     * Boots the instance's domain from a new rescue disk. A failure puts the domain and the directory back as they
     * were (powered off, as Nova leaves a server whose rescue failed) and is rethrown.
     */
    public void rescue(String domainName, InstanceFiles files, RescueRequest request) {
        RescueFiles rescue = RescueFiles.of(files);
        if (rescue.rescued()) {
            throw new InvalidRequest("Instance " + request.uuid() + " cannot be rescued: it is rescued already");
        }
        if (request.backend() == BackendKind.RBD) {
            throw new InvalidRequest("Instance " + request.uuid() + " cannot be rescued: Cannot rescue a "
                    + "volume-backed instance");
        }
        // Nova's manager powers the guest off first; the driver keeps the XML of the domain as it is then
        hypervisor.powerOff(domainName);
        String original = hypervisor.dumpXml(domainName);
        DomainDefinition current = DomainXml.parse(original);
        write(rescue.unrescueXml(), original);
        try {
            BaseImage base = images.fetchToBase(request.rescueImageId());
            ImageBackend backend = backends.forDisk(request.backend(), request.creation());
            InstanceFiles disk = rescue.rescueDiskFiles();
            backend.createImage(base, base.virtualSize(), disk, Optional.empty());
            dirs.share(rescue.rescueDisk());
            DomainDocument domain = DomainDocument.of(rescueDomain(current, backend.libvirtInfo(disk, Optional.empty())));
            hypervisor.removeManagedSave(domainName);
            hypervisor.define(domain);
            write(files.libvirtXml(), domain.xml());
            hypervisor.start(domainName);
            LOG.info("rescued {} ({}) from image {}", request.uuid(), domainName, request.rescueImageId());
        } catch (RuntimeException e) {
            try {
                putBack(files, true);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /** Nova's unrescue: the kept domain defined again and booted, the rescue's files removed. */
    public void unrescue(String domainName, InstanceFiles files, UUID uuid) {
        RescueFiles rescue = RescueFiles.of(files);
        if (!rescue.rescued()) {
            throw new InvalidRequest("Instance " + uuid + " is not in rescue mode");
        }
        String original = InstanceDirs.read(rescue.unrescueXml());
        hypervisor.powerOff(domainName);
        hypervisor.defineXml(original);
        write(files.libvirtXml(), original);
        hypervisor.start(domainName);
        removeRescueFiles(rescue);
        LOG.info("unrescued {} ({})", uuid, domainName);
    }

    /**
     * After a rescue or unrescue that did not finish (a failure, a restart): the domain as it was before the rescue
     * is defined again (powered off; the caller brings it to the state it should be in) when libvirt still has the
     * domain, libvirt.xml says it again, and the rescue's files go. Nothing to do for a directory without them.
     *
     * @param domainDefined whether libvirt has the instance's domain now (after a restart the test driver has none,
     *                      and the reconcile defines it from libvirt.xml)
     * @return whether a rescue was undone
     */
    public boolean putBack(InstanceFiles files, boolean domainDefined) {
        RescueFiles rescue = RescueFiles.of(files);
        if (!rescue.rescued()) {
            removeRescueFiles(rescue);
            return false;
        }
        String original = InstanceDirs.read(rescue.unrescueXml());
        if (domainDefined) {
            String name = DomainXml.parse(original).name();
            hypervisor.powerOff(name);
            hypervisor.defineXml(original);
        }
        write(files.libvirtXml(), original);
        removeRescueFiles(rescue);
        return true;
    }

    /** The rescue disk first, as {@code vda}, then the domain's own disks on the next targets, as they were. */
    static DomainDefinition rescueDomain(DomainDefinition current, DiskDefinition rescueDisk) {
        List<DiskDefinition> disks = new ArrayList<>();
        disks.add(rescueDisk);
        for (DiskDefinition d : current.disks()) {
            String target = "vd" + TARGETS.charAt(disks.size());
            disks.add(new DiskDefinition(d.source(), d.driverType(), target, d.bus(), d.encryption()));
        }
        return new DomainDefinition(current.type(), current.name(), current.uuid(), current.memoryKib(),
                current.vcpus(), disks, current.consoleLog());
    }

    private void write(Path file, String text) {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        dirs.share(file);
    }

    /** unrescue.xml last: while it is there, a restart knows the rescue is not undone yet. */
    private static void removeRescueFiles(RescueFiles rescue) {
        try {
            Files.deleteIfExists(rescue.rescueDisk());
            Files.deleteIfExists(rescue.unrescueXml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the rescue files of " + rescue.instance().dir() + ": "
                    + e.getMessage(), e);
        }
    }
}
