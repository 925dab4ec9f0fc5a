package org.novalab.imagecache;

/**
 * What the compute driver needs of the image cache: make sure {@code _base/<sha1>} holds the image, then describe
 * it. {@link ImageCache} is the real one; the lab's fixture image is another.
 */
@FunctionalInterface
public interface BaseImages {
    /** Nova's {@code fetch_to_raw} into {@code _base}, or the cached base; see {@link ImageCache#fetchToBase}. */
    BaseImage fetchToBase(String imageId);
}
