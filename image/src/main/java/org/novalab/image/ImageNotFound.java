package org.novalab.image;

/** No image with that id (Glance answered 404, or the repository has none). Never retried. */
public class ImageNotFound extends ImageException {
    private final String imageId;

    public ImageNotFound(String imageId) {
        super("image " + imageId + " could not be found");
        this.imageId = imageId;
    }

    public String imageId() {
        return imageId;
    }
}
