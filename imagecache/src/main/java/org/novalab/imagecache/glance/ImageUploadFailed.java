package org.novalab.imagecache.glance;

import org.novalab.imagecache.ImageCacheException;

/** Storing an image's data failed half-way; the image went back to queued (client) or killed (store). */
public class ImageUploadFailed extends ImageCacheException {
    public ImageUploadFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
