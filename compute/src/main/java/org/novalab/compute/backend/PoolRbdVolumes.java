package org.novalab.compute.backend;

import java.util.Optional;
import org.novalab.compute.InvalidRequest;
import org.novalab.disk.BlockDevice;
import org.novalab.image.ImageService;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;

/**
 * Nova's Rbd backend storage: Glance's images in one pool ({@code images}), instance volumes cloned into another
 * ({@code vms}), as the seed's Ceph cluster has them.
 */
public final class PoolRbdVolumes implements RbdVolumes {
    private final Pool images;
    private final Pool volumes;

    public PoolRbdVolumes(Pool images, Pool volumes) {
        this.images = images;
        this.volumes = volumes;
    }

    @Override
    public String pool() {
        return volumes.name();
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
}
