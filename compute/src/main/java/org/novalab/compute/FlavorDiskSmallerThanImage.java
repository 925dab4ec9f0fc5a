package org.novalab.compute;

/** The flavor's root disk cannot hold the image (Nova: {@code FlavorDiskSmallerThanImage}). */
public class FlavorDiskSmallerThanImage extends ComputeException {
    public FlavorDiskSmallerThanImage(long flavorBytes, long imageBytes) {
        super("Flavor's disk is too small for requested image. Flavor disk is " + flavorBytes
                + " bytes, image is " + imageBytes + " bytes.");
    }
}
