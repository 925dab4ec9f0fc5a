package org.novalab.api.image;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * What the Glance routes and the boot flow need from the image service. Blocking: called on worker threads.
 * Implemented over imagecache's ImageService (the RBD-layout pool with checksums).
 */
public interface ImageStore {
    ImageData create(NewImageData image);

    /** Streams the image's data in; returns the image, now active with size and checksums. */
    ImageData upload(String id, InputStream data);

    InputStream download(String id);

    Optional<ImageData> find(String id);

    List<ImageData> list();

    ImageData update(String id, ImageUpdate update);

    void delete(String id);
}
