package org.novalab.image;

/** An action the image's status does not allow, that Glance refuses with 403 (deactivate a queued image). */
public class ImageActionRefused extends ImageException {
    public ImageActionRefused(String message) {
        super(message);
    }
}
