package org.novalab.image;

/** Storing an image's data failed half-way; the image went back to queued (client) or killed (store). */
public class ImageUploadFailed extends ImageException {
    public ImageUploadFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
