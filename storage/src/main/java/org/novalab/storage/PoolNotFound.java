package org.novalab.storage;

/** Opening a pool that does not exist (librados' open_ioctx fails with ENOENT). */
public class PoolNotFound extends StorageException {
    public PoolNotFound(String message) {
        super(message);
    }
}
