package org.novalab.image;

/** The root of the image service's errors; messages say which image and why, in Glance's words. */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
