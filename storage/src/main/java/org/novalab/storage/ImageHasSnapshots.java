package org.novalab.storage;

/** librbd's ImageHasSnapshots (ENOTEMPTY): an image is removed only once its snapshots are. */
public class ImageHasSnapshots extends StorageException {
    public ImageHasSnapshots(String message) {
        super(message);
    }
}
