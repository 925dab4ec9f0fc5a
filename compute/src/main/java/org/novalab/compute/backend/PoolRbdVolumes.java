package org.novalab.compute.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksBlockDevice;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.io.ZeroCheck;
import org.novalab.image.ImageService;
import org.novalab.image.inspect.DetectedFormat;
import org.novalab.image.inspect.FormatInspector;
import org.novalab.image.inspect.ImageBytes;
import org.novalab.image.inspect.Inspection;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;

/**
 * Nova's Rbd backend storage: Glance's images in one pool ({@code images}), instance volumes cloned into another
 * ({@code vms}), as the seed's Ceph cluster has them. On a real cluster the domain's network disk also names the
 * monitors and the cephx user with its libvirt secret ({@link #withAccess}); the directory pool needs neither.
 */
public final class PoolRbdVolumes implements RbdVolumes {
    private static final int CHUNK = 1 << 20;
    private final Pool images;
    private final Pool volumes;
    private final List<DiskSource.MonHost> hosts;
    private final Optional<DiskSource.CephAuth> auth;

    public PoolRbdVolumes(Pool images, Pool volumes) {
        this(images, volumes, List.of(), Optional.empty());
    }

    private PoolRbdVolumes(Pool images, Pool volumes, List<DiskSource.MonHost> hosts,
                           Optional<DiskSource.CephAuth> auth) {
        this.images = images;
        this.volumes = volumes;
        this.hosts = List.copyOf(hosts);
        this.auth = auth;
    }

    /** The same pools, with the monitors and cephx auth QEMU needs to reach a real cluster. */
    public PoolRbdVolumes withAccess(List<DiskSource.MonHost> monitors, Optional<DiskSource.CephAuth> cephx) {
        return new PoolRbdVolumes(images, volumes, monitors, cephx);
    }

    @Override
    public String pool() {
        return volumes.name();
    }

    /**
     * Only a raw image is cloned: a clone of a qcow2 image would hand the guest qcow2 metadata as its disk. The bytes
     * of the snapshot are inspected, not Glance's {@code disk_format} claim, as the image cache inspects a download.
     */
    @Override
    public OptionalLong cloneable(String imageId) {
        if (!images.exists(imageId)) {
            return OptionalLong.empty();
        }
        try (Image snap = images.open(imageId, ImageService.SNAPSHOT)) {
            Inspection inspection = FormatInspector.inspect(bytesOf(snap));
            return inspection.format() == DetectedFormat.RAW && inspection.isSafe()
                    ? OptionalLong.of(snap.size()) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            // no protected snapshot (an image still uploading, another store's): fetch and import instead
            return OptionalLong.empty();
        }
    }

    private static ImageBytes bytesOf(Image image) {
        return new ImageBytes() {
            @Override
            public long size() {
                return image.size();
            }

            @Override
            public byte[] read(long position, int length) {
                return position >= image.size() ? new byte[0] : image.read(position, length);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Clones the image's protected snapshot {@code images/<id>@snap} (the one Glance's rbd store keeps) and grows
     * the clone to the flavor's root disk, as Nova's {@code Rbd.create_image} does ({@code clone} then
     * {@code resize}): the clone stores nothing until the guest writes, its bytes past the image read as zeros. A
     * clone that cannot be grown is removed, so no half-made volume stays in the pool.
     */
    @Override
    public void cloneImage(String imageId, String volume, long size) {
        if (!images.exists(imageId)) {
            throw new InvalidRequest("image " + imageId + " is not in pool " + images.name());
        }
        images.clone(imageId, ImageService.SNAPSHOT, volumes, volume);
        try (Image clone = volumes.open(volume)) {
            clone.resize(size);
        } catch (RuntimeException e) {
            volumes.remove(volume);
            throw e;
        }
    }

    @Override
    public void importImage(BlockDevice source, long length, String volume, long size) {
        volumes.create(volume, size, Pool.DEFAULT_ORDER);
        try (BlockDevice target = new RbdBlockDevice(volumes.open(volume))) {
            copy(source, length, target, false);
        } catch (RuntimeException e) {
            volumes.remove(volume);
            throw e;
        }
    }

    /**
     * Every guest byte of the image is written, zeros too: an unwritten LUKS sector decrypts to noise, and the guest
     * must read the image's zeros as zeros. Past the image the payload is left unwritten, as after
     * {@code qemu-img create -f luks}.
     */
    @Override
    public void importEncrypted(BlockDevice source, long length, String volume, long size, Passphrase passphrase,
                                LuksParams luks) {
        try (LuksVolume luksVolume = Luks1.format(passphrase, luks)) {
            volumes.create(volume, luksVolume.header().payloadOffset() + size, Pool.DEFAULT_ORDER);
            try (BlockDevice target = LuksBlockDevice.format(new RbdBlockDevice(volumes.open(volume)), luksVolume)) {
                copy(source, length, target, true);
            } catch (RuntimeException e) {
                volumes.remove(volume);
                throw e;
            }
        }
    }

    private static void copy(BlockDevice source, long length, BlockDevice target, boolean writeZeros) {
        if (length > target.size()) {
            throw new InvalidRequest("the image (" + length + " bytes) does not fit the disk (" + target.size()
                    + " bytes)");
        }
        byte[] buf = new byte[CHUNK];
        for (long offset = 0; offset < length; offset += CHUNK) {
            int n = (int) Math.min(CHUNK, length - offset);
            source.read(offset, ByteBuffer.wrap(buf, 0, n));
            if (writeZeros || !ZeroCheck.isZero(buf, 0, n)) {
                target.write(offset, ByteBuffer.wrap(buf, 0, n));
            }
        }
        target.flush();
    }

    @Override
    public boolean exists(String volume) {
        return volumes.exists(volume);
    }

    @Override
    public void remove(String volume) {
        volumes.remove(volume);
    }

    @Override
    public Optional<RbdVolumeStat> stat(String volume) {
        if (!volumes.exists(volume)) {
            return Optional.empty();
        }
        try (Image v = volumes.open(volume)) {
            return Optional.of(new RbdVolumeStat(volumes.name(), volume, v.size(),
                    v.parentInfo().map(p -> p.pool() + "/" + p.image() + "@" + p.snapshot()),
                    volumes.dataObjects(v.stat()).stream().map(o -> volumes.name() + "/" + o).toList()));
        }
    }

    @Override
    public BlockDevice open(String volume) {
        return new RbdBlockDevice(volumes.open(volume));
    }

    @Override
    public BlockDevice openEncrypted(String volume, Passphrase passphrase) {
        BlockDevice raw = open(volume);
        try {
            return LuksBlockDevice.open(raw, passphrase);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    @Override
    public DiskSource.Rbd diskSource(String volume) {
        return new DiskSource.Rbd(pool(), volume, hosts, auth);
    }
}
