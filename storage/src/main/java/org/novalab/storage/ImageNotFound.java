package org.novalab.storage;

/** librbd's ImageNotFound (ENOENT): no such image, or no such snapshot of it. */
public class ImageNotFound extends StorageException {
    public ImageNotFound(String message) {
        super(message);
    }
}
