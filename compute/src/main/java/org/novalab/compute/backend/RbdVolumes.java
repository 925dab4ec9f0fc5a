package org.novalab.compute.backend;

import java.util.Optional;
import org.novalab.disk.BlockDevice;

/** The RBD pool as the Rbd backend needs it: copy-on-write clones of a Glance image, named per instance. */
public interface RbdVolumes {
    String pool();

    /** Clones the image's snapshot into {@code volume} and grows it to {@code size} bytes. */
    void cloneImage(String imageId, String volume, long size);

    boolean exists(String volume);

    void remove(String volume);

    /** What the pool holds of {@code volume} (for the classroom); empty when there is no such volume. */
    Optional<RbdVolumeStat> stat(String volume);

    /** The guest's view of the volume (reads fall through to the parent image, like librbd). */
    BlockDevice open(String volume);
}
