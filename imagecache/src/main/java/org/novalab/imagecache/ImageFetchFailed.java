package org.novalab.imagecache;

/** The image could not be brought into {@code _base}: retries exhausted, checksum mismatch, wrong state. */
public class ImageFetchFailed extends ImageCacheException {
    public ImageFetchFailed(String message) {
        super(message);
    }

    public ImageFetchFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
