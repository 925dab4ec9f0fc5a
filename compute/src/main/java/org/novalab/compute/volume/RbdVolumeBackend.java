package org.novalab.compute.volume;

import java.util.Optional;
import org.novalab.compute.backend.RbdBlockDevice;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;

/**
 * Cinder's RBD driver: each volume an image {@code volume-<uuid>} in the pool (by default {@code volumes}), in
 * 4 MiB objects ({@code rbd_store_chunk_size}); an encrypted one holds LUKS directly in the raw image, as QEMU
 * writes it there, its image larger than the volume by the LUKS payload offset so the guest sees the size asked
 * for. Only written objects exist: a new encrypted volume is its header's first object, nothing more.
 */
public final class RbdVolumeBackend implements VolumeBackend {
    public static final String NAME = "rbd";
    /** Cinder's {@code rbd_store_chunk_size} default, 4 MiB, as an object order. */
    static final int ORDER = 22;
    private final Pool pool;

    public RbdVolumeBackend(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return NAME;
    }

    public Pool pool() {
        return pool;
    }

    @Override
    public String locationOf(String volumeId) {
        return pool.name() + "/" + VolumeBackend.imageName(volumeId);
    }

    @Override
    public void create(String volumeId, long sizeBytes, Optional<Passphrase> passphrase, LuksParams luks) {
        String name = VolumeBackend.imageName(volumeId);
        if (pool.exists(name)) {
            throw new VolumeBackendException("volume image " + locationOf(volumeId) + " exists already");
        }
        if (passphrase.isEmpty()) {
            pool.create(name, sizeBytes, ORDER);
            return;
        }
        try (LuksVolume luksVolume = Luks1.format(passphrase.get(), luks)) {
            pool.create(name, luksVolume.header().payloadOffset() + sizeBytes, ORDER);
            try (Image image = pool.open(name)) {
                LuksImageDevice.writeHeader(image, luksVolume);
            } catch (RuntimeException e) {
                pool.remove(name);
                throw e;
            }
        }
    }

    @Override
    public BlockDevice open(String volumeId, Optional<Passphrase> passphrase, boolean writable) {
        Image image = pool.open(VolumeBackend.imageName(volumeId));
        try {
            return passphrase.isPresent() ? LuksImageDevice.open(image, passphrase.get()) : new RbdBlockDevice(image);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    @Override
    public void extend(String volumeId, long newSizeBytes, Optional<Passphrase> passphrase) {
        try (Image image = pool.open(VolumeBackend.imageName(volumeId))) {
            long header = passphrase.isPresent() ? LuksImageDevice.payloadOffset(image) : 0;
            if (newSizeBytes + header < image.size()) {
                throw new VolumeBackendException("a volume cannot shrink (" + (image.size() - header) + " to "
                        + newSizeBytes + " bytes)");
            }
            // the LUKS header stays where it is: the payload, which the guest sees, grows by exactly the difference
            image.resize(header + newSizeBytes);
            image.flush();
        }
    }

    @Override
    public long guestSize(String volumeId, Optional<Passphrase> passphrase) {
        try (Image image = pool.open(VolumeBackend.imageName(volumeId))) {
            return image.size() - (passphrase.isPresent() ? LuksImageDevice.payloadOffset(image) : 0);
        }
    }

    /**
     * A {@code type='network'} rbd disk naming {@code pool/volume-<id>}, raw, with LUKS inside when encrypted (QEMU's
     * luks driver over rbd). Only novalab's emulated guest opens this pool; a real QEMU needs a real Ceph.
     */
    @Override
    public org.novalab.compute.domain.DiskSource diskSource(String volumeId) {
        return new org.novalab.compute.domain.DiskSource.Rbd(pool.name(), VolumeBackend.imageName(volumeId));
    }

    @Override
    public String driverType() {
        return "raw";
    }

    @Override
    public boolean exists(String volumeId) {
        return pool.exists(VolumeBackend.imageName(volumeId));
    }

    @Override
    public void delete(String volumeId) {
        String name = VolumeBackend.imageName(volumeId);
        if (pool.exists(name)) {
            pool.remove(name);
        }
    }
}
