package org.novalab.disk;

/** A format, feature or option novalab does not support, or an unknown format name. */
public class UnsupportedImage extends DiskException {
    public UnsupportedImage(String message) {
        super(message);
    }

    public UnsupportedImage(String message, Throwable cause) {
        super(message, cause);
    }
}
