package org.novalab.storage;

/** librbd's ImageExists (EEXIST): the image, or the snapshot, already exists. */
public class ImageExists extends StorageException {
    public ImageExists(String message) {
        super(message);
    }
}
