package org.novalab.imagecache.pool;

import org.novalab.imagecache.ImageCacheException;

/** A pool operation failed: missing object or image, bad name, I/O error under the pool directory. */
public class PoolException extends ImageCacheException {
    public PoolException(String message) {
        super(message);
    }

    public PoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
