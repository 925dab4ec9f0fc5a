package org.novalab.compute.volume;

import java.util.Optional;
import org.novalab.compute.backend.RbdBlockDevice;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksBlockDevice;
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
            try (BlockDevice image = new RbdBlockDevice(pool.open(name))) {
                LuksBlockDevice.writeHeader(image, luksVolume);
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
            return passphrase.isPresent() ? LuksBlockDevice.open(new RbdBlockDevice(image), passphrase.get())
                    : new RbdBlockDevice(image);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    @Override
    public void extend(String volumeId, long newSizeBytes, Optional<Passphrase> passphrase) {
        try (Image image = pool.open(VolumeBackend.imageName(volumeId))) {
            long header = passphrase.isPresent() ? payloadOffset(image) : 0;
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
            return image.size() - (passphrase.isPresent() ? payloadOffset(image) : 0);
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

    // ---- snapshots: Cinder's RBD driver keeps them in the pool, protected, so clones copy nothing ----

    @Override
    public void snapshot(String volumeId, String snapshot, Optional<Passphrase> passphrase, LuksParams luks) {
        try (Image image = pool.open(VolumeBackend.imageName(volumeId))) {
            image.flush();
            image.createSnap(snapshot);
            try {
                image.protectSnap(snapshot);
            } catch (RuntimeException e) {
                image.removeSnap(snapshot);
                throw e;
            }
        }
    }

    @Override
    public void deleteSnapshot(String volumeId, String snapshot, Optional<Passphrase> passphrase) {
        String name = VolumeBackend.imageName(volumeId);
        if (!pool.exists(name)) {
            return;
        }
        try (Image image = pool.open(name)) {
            if (image.listSnaps().stream().noneMatch(sn -> sn.name().equals(snapshot))) {
                return;
            }
            if (image.isProtectedSnap(snapshot)) {
                if (!image.listChildren(snapshot).isEmpty()) {
                    throw new SnapshotBusy("snapshot " + locationOf(volumeId) + "@" + snapshot + " has clones: "
                            + image.listChildren(snapshot));
                }
                image.unprotectSnap(snapshot);
            }
            image.removeSnap(snapshot);
        }
    }

    /**
     * {@code rbd snap rollback}: the head's bytes become the snapshot's, object by object, writing only the objects
     * that differ (a hole in both stays a hole). The seam has no rollback call, so this reads both views.
     */
    @Override
    public void revert(String volumeId, String snapshot, Optional<Passphrase> passphrase, LuksParams luks) {
        String name = VolumeBackend.imageName(volumeId);
        try (Image head = pool.open(name); Image snap = pool.open(name, snapshot)) {
            if (head.size() != snap.size()) {
                head.resize(snap.size(), true);
            }
            long chunk = 1L << ORDER;
            java.nio.ByteBuffer was = java.nio.ByteBuffer.allocate((int) chunk);
            java.nio.ByteBuffer now = java.nio.ByteBuffer.allocate((int) chunk);
            for (long offset = 0; offset < snap.size(); offset += chunk) {
                int n = (int) Math.min(chunk, snap.size() - offset);
                was.clear().limit(n);
                now.clear().limit(n);
                snap.read(offset, was);
                head.read(offset, now);
                if (!java.util.Arrays.equals(was.array(), 0, n, now.array(), 0, n)) {
                    head.write(offset, java.nio.ByteBuffer.wrap(was.array(), 0, n));
                }
            }
            head.flush();
        }
    }

    /** {@code RBD().clone}: the child shares every object of the snapshot (the LUKS header too) until written. */
    @Override
    public void cloneSnapshot(String volumeId, String snapshot, String newVolumeId, long sizeBytes,
            Optional<Passphrase> passphrase, LuksParams luks) {
        String child = VolumeBackend.imageName(newVolumeId);
        if (pool.exists(child)) {
            throw new VolumeBackendException("volume image " + locationOf(newVolumeId) + " exists already");
        }
        pool.clone(VolumeBackend.imageName(volumeId), snapshot, pool, child);
        try (Image image = pool.open(child)) {
            long header = passphrase.isPresent() ? payloadOffset(image) : 0;
            if (header + sizeBytes > image.size()) {
                image.resize(header + sizeBytes);
                image.flush();
            }
        } catch (RuntimeException e) {
            pool.remove(child);
            throw e;
        }
    }

    @Override
    public boolean hasSnapshot(String volumeId, String snapshot) {
        String name = VolumeBackend.imageName(volumeId);
        if (!pool.exists(name)) {
            return false;
        }
        try (Image image = pool.open(name)) {
            return image.listSnaps().stream().anyMatch(sn -> sn.name().equals(snapshot));
        }
    }

    /** Where the guest's bytes start in an encrypted volume's image: after its LUKS header (no passphrase needed). */
    private static long payloadOffset(Image image) {
        return LuksBlockDevice.header(new RbdBlockDevice(image)).payloadOffset();
    }
}
