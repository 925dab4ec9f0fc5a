package org.novalab.compute;

/** The image cache as the driver needs it: make sure {@code _base/<sha1>} holds the image, then describe it. */
@FunctionalInterface
public interface BaseImageProvider {
    CachedBase ensure(String imageId);
}
