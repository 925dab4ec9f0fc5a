package org.novalab.storage;

/**
 * librbd's InvalidArgument (EINVAL): a request the store refuses as asked, e.g. a clone of an unprotected snapshot,
 * a shrink without allowing it, a bad object size or name.
 */
public class InvalidArgument extends StorageException {
    public InvalidArgument(String message) {
        super(message);
    }
}
