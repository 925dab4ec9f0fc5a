package org.novalab.storage.pool;

/**
 * The root of storage's errors: a pool operation failed (missing object or image, bad name, I/O error under the pool
 * directory). Messages name the pool and object, as the rados and rbd tools do.
 */
public class PoolException extends RuntimeException {
    public PoolException(String message) {
        super(message);
    }

    public PoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
