package org.novalab.disk;

/** An image whose metadata is inconsistent or points outside the file. */
public class CorruptImage extends DiskException {
    public CorruptImage(String message) {
        super(message);
    }

    public CorruptImage(String message, Throwable cause) {
        super(message, cause);
    }
}
