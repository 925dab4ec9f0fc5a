package org.novalab.imagecache.glance;

import org.novalab.imagecache.ImageCacheException;

/** The operation does not fit the image's status (upload to an active image, download of a queued one): 409. */
public class InvalidImageState extends ImageCacheException {
    public InvalidImageState(String message) {
        super(message);
    }
}
