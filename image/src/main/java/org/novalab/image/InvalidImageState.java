package org.novalab.image;

/** The operation does not fit the image's status (upload to an active image, download of a queued one): 409. */
public class InvalidImageState extends ImageException {
    public InvalidImageState(String message) {
        super(message);
    }
}
