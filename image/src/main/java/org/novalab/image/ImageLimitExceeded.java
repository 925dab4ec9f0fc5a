package org.novalab.image;

/** More tags or members than an image may have (Glance's image_tag_quota, image_member_quota: 413). */
public class ImageLimitExceeded extends ImageException {
    public ImageLimitExceeded(String message) {
        super(message);
    }
}
