package org.novalab.imagecache;

/** The image's virtual size is beyond the configured limit; refused like any other unsafe image. */
public class ImageTooLarge extends UnsafeImage {
    private final long virtualSize;
    private final long limit;

    public ImageTooLarge(String imageId, long virtualSize, long limit) {
        super("image " + imageId + " has virtual size " + virtualSize + " bytes, beyond the limit of " + limit
                + " bytes");
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
