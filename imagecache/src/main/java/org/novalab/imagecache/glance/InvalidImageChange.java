package org.novalab.imagecache.glance;

import org.novalab.imagecache.ImageCacheException;

/** A create or patch request that Glance would answer with 400 (read-only field, bad value, unknown op). */
public class InvalidImageChange extends ImageCacheException {
    public InvalidImageChange(String message) {
        super(message);
    }
}
