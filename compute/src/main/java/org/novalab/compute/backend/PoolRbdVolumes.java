package org.novalab.compute.backend;

import org.novalab.compute.InvalidRequest;
import org.novalab.disk.BlockDevice;
import org.novalab.storage.pool.Pool;
import org.novalab.storage.pool.RbdImage;

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
     * Clones the image and grows the clone to the flavor's root disk, as Nova's {@code Rbd.create_image} does
     * ({@code clone} then {@code resize}): only the header changes, the bytes past the image read as zeros. A
     * clone that cannot be grown is removed, so no half-made volume stays in the pool.
     */
    @Override
    public void cloneImage(String imageId, String volume, long size) {
        RbdImage image = images.findImage(imageId).orElseThrow(
                () -> new InvalidRequest("image " + imageId + " is not in pool " + images.name()));
        RbdImage clone = image.clone(volumes, volume);
        try {
            clone.resize(size);
        } catch (RuntimeException e) {
            volumes.removeImage(clone.name());
            throw e;
        }
    }

    @Override
    public boolean exists(String volume) {
        return volumes.findImage(volume).isPresent();
    }

    @Override
    public void remove(String volume) {
        volumes.removeImage(volume);
    }

    @Override
    public BlockDevice open(String volume) {
        return new RbdBlockDevice(volumes, volumes.image(volume));
    }
}
