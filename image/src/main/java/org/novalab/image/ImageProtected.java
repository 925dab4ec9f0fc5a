package org.novalab.image;

/** A protected image cannot be deleted (Glance answers 403). */
public class ImageProtected extends ImageException {
    public ImageProtected(String imageId) {
        super("image " + imageId + " is protected and cannot be deleted");
    }
}
