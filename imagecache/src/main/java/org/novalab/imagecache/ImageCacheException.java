package org.novalab.imagecache;

/** The root of the image store's and image cache's errors. Messages name the image and the problem. */
public class ImageCacheException extends RuntimeException {
    public ImageCacheException(String message) {
        super(message);
    }

    public ImageCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
