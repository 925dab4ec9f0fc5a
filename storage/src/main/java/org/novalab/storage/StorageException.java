package org.novalab.storage;

/**
 * The root of storage's errors: a pool, object, image or snapshot operation failed. Subclasses carry librados'
 * and librbd's error names ({@link ImageNotFound}, {@link ImageBusy}, ...) so a caller reacts to the condition,
 * not to a message; messages name the pool, image and snapshot, worded like the {@code rados} and {@code rbd}
 * tools. An I/O failure under the store is a plain {@code StorageException}.
 */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
