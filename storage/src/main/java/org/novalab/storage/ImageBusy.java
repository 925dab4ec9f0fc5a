package org.novalab.storage;

/**
 * librbd's ImageBusy (EBUSY): a protected snapshot cannot be removed, and a snapshot that clones depend on cannot
 * be unprotected.
 */
public class ImageBusy extends StorageException {
    public ImageBusy(String message) {
        super(message);
    }
}
