package org.novalab.imagecache;

import java.io.InputStream;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.InvalidImageState;

/** Images straight from an in-process {@link ImageService}: what the embedded lab uses, no HTTP in between. */
public final class LocalImageSource implements ImageSource {
    private final ImageService service;

    public LocalImageSource(ImageService service) {
        this.service = service;
    }

    @Override
    public ImageRecord describe(String imageId) {
        return service.get(imageId);
    }

    @Override
    public InputStream open(String imageId) {
        try {
            return service.download(imageId);
        } catch (InvalidImageState e) {
            throw new ImageFetchFailed(e.getMessage(), e);
        }
    }
}
