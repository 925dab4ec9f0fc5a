package org.novalab.compute.images;

import org.novalab.compute.BaseImageProvider;
import org.novalab.compute.CachedBase;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.ImageCache;

/** The real image cache behind the driver's port: {@code fetch_to_base}, then the base's path, format and size. */
public final class ImageCacheBaseImages implements BaseImageProvider {
    private final ImageCache cache;

    public ImageCacheBaseImages(ImageCache cache) {
        this.cache = cache;
    }

    @Override
    public CachedBase ensure(String imageId) {
        BaseImage b = cache.fetchToBase(imageId);
        return new CachedBase(b.imageId(), b.path(), b.format(), b.virtualSize());
    }
}
