package org.novalab.storage;

/** librbd's ReadOnlyImage (EROFS): an image opened at a snapshot is read-only. */
public class ReadOnlyImage extends StorageException {
    public ReadOnlyImage(String message) {
        super(message);
    }
}
