package org.novalab.compute.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

/**
 * CloudStack's NFS / SharedMountPoint pools on KVM: each volume a qcow2 file {@code <dir>/volume-<uuid>}, an
 * encrypted one qcow2 with LUKS inside (crypt_method 2), which QEMU opens with the passphrase as the volume's
 * secret. qcow2 stores the LUKS header in clusters of its own, so the virtual size is the guest's size exactly.
 * Files are written by novalab's disk library under a temporary name and renamed into place; {@code qemu-img check}
 * and {@code info} accept them.
 */
public final class FileVolumeBackend implements VolumeBackend {
    public static final String NAME = "file";
    private final Path dir;
    private final DiskTool disks = Disks.java();

    public FileVolumeBackend(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return NAME;
    }

    public Path pathOf(String volumeId) {
        return dir.resolve(VolumeBackend.imageName(volumeId));
    }

    @Override
    public String locationOf(String volumeId) {
        return pathOf(volumeId).toString();
    }

    @Override
    public void create(String volumeId, long sizeBytes, Optional<Passphrase> passphrase, LuksParams luks) {
        Path file = pathOf(volumeId);
        if (Files.exists(file)) {
            throw new VolumeBackendException("volume file " + file + " exists already");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating the volume directory " + dir, e);
        }
        CreateOptions options = CreateOptions.qcow2(sizeBytes);
        if (passphrase.isPresent()) {
            options = options.withEncryption(EncryptionSpec.luks(passphrase.get(), luks));
        }
        disks.create(file, options);
    }

    @Override
    public BlockDevice open(String volumeId, Optional<Passphrase> passphrase, boolean writable) {
        return Disks.open(existing(volumeId), ImageFormat.QCOW2, keys(passphrase), writable);
    }

    @Override
    public void extend(String volumeId, long newSizeBytes, Optional<Passphrase> passphrase) {
        Path file = existing(volumeId);
        long current = disks.info(file).virtualSize();
        if (newSizeBytes < current) {
            throw new VolumeBackendException("a volume cannot shrink (" + current + " to " + newSizeBytes + " bytes)");
        }
        disks.resize(file, newSizeBytes, keys(passphrase));
    }

    @Override
    public long guestSize(String volumeId, Optional<Passphrase> passphrase) {
        return disks.info(existing(volumeId)).virtualSize();
    }

    /** A {@code type='file'} disk: the qcow2 file, LUKS inside when encrypted. */
    @Override
    public org.novalab.compute.domain.DiskSource diskSource(String volumeId) {
        return new org.novalab.compute.domain.DiskSource.File(pathOf(volumeId));
    }

    @Override
    public String driverType() {
        return "qcow2";
    }

    @Override
    public boolean exists(String volumeId) {
        return Files.exists(pathOf(volumeId));
    }

    @Override
    public void delete(String volumeId) {
        try {
            Files.deleteIfExists(pathOf(volumeId));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + pathOf(volumeId), e);
        }
    }

    private Path existing(String volumeId) {
        Path file = pathOf(volumeId);
        if (!Files.exists(file)) {
            throw new VolumeBackendException("volume file " + file + " does not exist");
        }
        return file;
    }

    private static KeyLookup keys(Optional<Passphrase> passphrase) {
        return passphrase.map(KeyLookup::always).orElse(KeyLookup.NONE);
    }
}
