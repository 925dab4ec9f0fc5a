package org.novalab.imagecache;

/**
 * {@code force_raw_images} would expand the image far beyond what it stores (a disk-fill bomb: a small qcow2
 * whose tables map many guest clusters onto few host clusters); refused before anything is written.
 */
public class ConversionTooLarge extends UnsafeImage {
    private final long rawBytes;
    private final long storedBytes;

    public ConversionTooLarge(String message, long rawBytes, long storedBytes) {
        super(message);
        this.rawBytes = rawBytes;
        this.storedBytes = storedBytes;
    }

    /** What the raw copy would allocate. */
    public long rawBytes() {
        return rawBytes;
    }

    /** What the downloaded image occupies. */
    public long storedBytes() {
        return storedBytes;
    }
}
