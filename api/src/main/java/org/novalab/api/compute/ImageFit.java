package org.novalab.api.compute;

import org.novalab.api.http.ApiException;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageStatus;

/**
 * Whether an image may become a server's root disk (Nova's {@code _checks_for_create_and_rebuild}): active, no
 * larger than the flavor's root disk, its {@code min_disk} and {@code min_ram} within the flavor's. A create and a
 * rebuild refuse the same images with the same 400s.
 */
public final class ImageFit {
    private static final long GIB = 1L << 30;

    private ImageFit() {
    }

    public static void check(ImageRecord image, int ramMb, int rootGb) {
        if (image.status() != ImageStatus.ACTIVE) {
            throw ApiException.badRequest("Image " + image.id() + " is not active (status "
                    + image.status().glanceName() + ").");
        }
        long imageBytes = image.virtualSize() != null ? image.virtualSize() : image.size() == null ? 0 : image.size();
        if (rootGb > 0 && imageBytes > rootGb * GIB) {
            throw ApiException.badRequest(String.format(
                    "Flavor's disk is too small for requested image. Flavor disk is %d bytes, image is %d bytes.",
                    rootGb * GIB, imageBytes));
        }
        if (image.minDisk() > rootGb && rootGb > 0) {
            throw ApiException.badRequest("Flavor's disk is too small for requested image: the image needs "
                    + image.minDisk() + " GB, the flavor has " + rootGb + " GB.");
        }
        if (image.minRam() > ramMb) {
            throw ApiException.badRequest("Flavor's memory is too small for requested image: the image needs "
                    + image.minRam() + " MB.");
        }
    }
}
