package org.novalab.imagecache;

/**
 * The image's virtual size is beyond the configured limit; refused like any other unsafe image. The size is the
 * header's unsigned number: one of 2^63 bytes or more is shown as it is, never as a negative.
 */
public class ImageTooLarge extends UnsafeImage {
    private final long virtualSize;
    private final long limit;

    public ImageTooLarge(String imageId, long virtualSize, long limit) {
        super("image " + imageId + " has virtual size " + Long.toUnsignedString(virtualSize) + " bytes, beyond the"
                + " limit of " + limit + " bytes");
        this.virtualSize = virtualSize;
        this.limit = limit;
    }

    public long virtualSize() {
        return virtualSize;
    }

    public long limit() {
        return limit;
    }
}
