package org.novalab.imagecache;

/**
 * A transient failure of the image source: a connection error or a 5xx answer. {@link ImageCache} retries these
 * with backoff (Nova's {@code [glance] num_retries}); everything else fails at once.
 */
public class ImageSourceUnavailable extends ImageCacheException {
    public ImageSourceUnavailable(String message) {
        super(message);
    }

    public ImageSourceUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
