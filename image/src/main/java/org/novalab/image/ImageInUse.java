package org.novalab.image;

/**
 * The store cannot delete the image's data while something depends on it: Nova's clones of its snapshot (Glance's
 * InUseByStore, answered 409).
 */
public class ImageInUse extends ImageException {
    public ImageInUse(String imageId, String reason) {
        super("image " + imageId + " could not be deleted because it is in use: " + reason);
    }
}
