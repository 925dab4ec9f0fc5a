package org.novalab.compute.attach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.Passphrase;
import org.novalab.io.AtomicFiles;
import org.novalab.keys.KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's libvirt {@code attach_volume} / {@code detach_volume} on one host. Attach: the volume's passphrase (owned by
 * the volume in the key manager) becomes a libvirt secret of the same uuid, the disk goes into the domain (live too
 * when the guest runs: QEMU opens it then, and a key that unlocks nothing fails the attach) and {@code libvirt.xml}
 * is written again to say so. Detach undoes it and undefines the libvirt secret, never the key manager's key: the
 * volume's passphrase outlives every instance it was attached to. A stopped guest gets the disk in its persistent
 * definition only, and sees it at its next start.
 */
public final class VolumeAttacher {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeAttacher.class);
    private final Hypervisor hypervisor;
    private final SecretStore secrets;
    private final KeyManager keys;
    private final InstanceDirs dirs;

    public VolumeAttacher(Hypervisor hypervisor, SecretStore secrets, KeyManager keys, InstanceDirs dirs) {
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.keys = keys;
        this.dirs = dirs;
    }

    /** Attaches the volume at {@code device} (the next free virtio target when empty); returns the target. */
    public String attach(UUID instance, Path libvirtXml, VolumeConnection volume, Optional<String> device) {
        DomainStatus domain = domainOf(instance);
        DomainDefinition current = DomainXml.parse(InstanceDirs.read(libvirtXml));
        if (current.disks().stream().anyMatch(d -> d.isVolume(volume.volumeId()))) {
            throw new InvalidRequest("volume " + volume.volumeId() + " is attached to instance " + instance
                    + " already");
        }
        String target = device.map(DiskTargets::requireValid).orElseGet(() -> DiskTargets.nextFree(
                DiskTargets.of(current)));
        if (DiskTargets.of(current).contains(target)) {
            throw new InvalidRequest("The supplied device path (/dev/" + target + ") is in use.");
        }
        DiskDefinition disk = new DiskDefinition(volume.source(), volume.driverType(), target, "virtio",
                volume.encryptionKeyId().map(k -> new DiskEncryption("luks", k)), Optional.of(volume.volumeId()),
                volume.iotune());
        List<DiskDefinition> disks = new ArrayList<>(current.disks());
        disks.add(disk);
        DomainDocument updated = DomainDocument.of(with(current, disks));
        Optional<UUID> defined = volume.encryptionKeyId().filter(key -> defineSecret(key, volume.volumeId()));
        try {
            hypervisor.attachDisk(domain.name(), updated, disk, live(domain));
            write(libvirtXml, updated.xml());
        } catch (RuntimeException e) {
            // only a secret this attach defined goes: another domain may use one that was there
            defined.ifPresent(this::undefineSecret);
            throw e;
        }
        LOG.info("volume {} attached to {} as {}{}", volume.volumeId(), instance, target,
                live(domain) ? "" : " (persistent definition only: the guest is not running)");
        return target;
    }

    /** Detaches the volume; its libvirt secret goes, its key stays in the key manager. */
    public void detach(UUID instance, Path libvirtXml, String volumeId) {
        DomainStatus domain = domainOf(instance);
        DomainDefinition current = DomainXml.parse(InstanceDirs.read(libvirtXml));
        DiskDefinition disk = current.disks().stream().filter(d -> d.isVolume(volumeId)).findFirst()
                .orElseThrow(() -> new VolumeNotAttached(instance.toString(), volumeId));
        List<DiskDefinition> disks = new ArrayList<>(current.disks());
        disks.remove(disk);
        DomainDocument updated = DomainDocument.of(with(current, disks));
        hypervisor.detachDisk(domain.name(), updated, disk, live(domain));
        write(libvirtXml, updated.xml());
        disk.encryption().ifPresent(e -> undefineSecret(e.secretUuid()));
        LOG.info("volume {} detached from {} ({})", volumeId, instance, disk.targetDev());
    }

    /** The libvirt secrets of the volumes {@code libvirtXml} names go (a destroyed domain); their keys stay. */
    public void forgetVolumeSecrets(Path libvirtXml) {
        if (!Files.exists(libvirtXml)) {
            return;
        }
        try {
            for (DiskDefinition d : DomainXml.parse(InstanceDirs.read(libvirtXml)).disks()) {
                if (d.serial().isPresent()) {
                    d.encryption().ifPresent(e -> undefineSecret(e.secretUuid()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the volumes of {}: {}", libvirtXml, e.getMessage());
        }
    }

    private DomainStatus domainOf(UUID instance) {
        return hypervisor.lookup(instance).orElseThrow(() -> new InstanceNotFound(instance));
    }

    private static boolean live(DomainStatus domain) {
        return domain.state() == PowerState.RUNNING || domain.state() == PowerState.PAUSED;
    }

    private static DomainDefinition with(DomainDefinition d, List<DiskDefinition> disks) {
        return new DomainDefinition(d.type(), d.name(), d.uuid(), d.memoryKib(), d.vcpus(), disks, d.consoleLog());
    }

    /**
     * Nova's {@code create_secret('volume', volume_id, ...)}: persistent, private, usage the volume's id, its value
     * the key manager's passphrase. Returns whether it was defined now (false: it was there already).
     */
    private boolean defineSecret(UUID key, String volumeId) {
        if (secrets.lookup(key).isPresent()) {
            return false;
        }
        try (Passphrase passphrase = keys.get(key)) {
            secrets.define(SecretDefinition.forVolume(key, volumeId));
            try {
                secrets.setValue(key, passphrase);
            } catch (RuntimeException e) {
                undefineSecret(key);
                throw e;
            }
        }
        return true;
    }

    private void undefineSecret(UUID key) {
        try {
            secrets.undefine(key);
        } catch (SecretException e) {
            LOG.debug("secret {} already gone: {}", key, e.getMessage());
        }
    }

    private void write(Path file, String xml) {
        try {
            AtomicFiles.write(file, xml.getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        dirs.share(file);
    }
}
