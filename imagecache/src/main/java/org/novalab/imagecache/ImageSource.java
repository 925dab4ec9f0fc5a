package org.novalab.imagecache;

import java.io.InputStream;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;

/**
 * Where the compute side gets images from: Glance over HTTP ({@link GlanceClient}) or an in-process image service
 * ({@link LocalImageSource}).
 *
 * <p>Both methods throw {@link ImageNotFound} for an unknown id and {@link ImageSourceUnavailable} for transient
 * failures worth a retry.
 */
public interface ImageSource {
    ImageRecord describe(String imageId);

    /** The image's bytes, streamed; the caller closes the stream. */
    InputStream open(String imageId);
}
