package org.novalab.imagecache.glance;

import org.novalab.imagecache.ImageCacheException;

/** A protected image cannot be deleted (Glance answers 403). */
public class ImageProtected extends ImageCacheException {
    public ImageProtected(String imageId) {
        super("image " + imageId + " is protected and cannot be deleted");
    }
}
