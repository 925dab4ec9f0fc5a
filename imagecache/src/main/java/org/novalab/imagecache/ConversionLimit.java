package org.novalab.imagecache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.novalab.image.inspect.Qcow2Allocation;

/**
 * Bounds what {@code force_raw_images} may allocate in {@code _base}, decided from the qcow2's L1 and L2 tables
 * before a byte is written: the raw copy holds every mapped guest cluster (unallocated and zero clusters stay
 * holes), so it never exceeds the virtual size (which the safety gate caps at its maximum; the flavor's disk is
 * the driver's check), and it may not exceed {@code max_conversion_ratio} times the image's stored size. An honest
 * qcow2 maps each guest cluster onto a host cluster of its own (ratio about 1, a compressed one 2 to 5); a crafted
 * one maps thousands onto one.
 */
final class ConversionLimit {
    private final double maxConversionRatio;

    ConversionLimit(double maxConversionRatio) {
        this.maxConversionRatio = maxConversionRatio;
    }

    /** @throws ConversionTooLarge when the raw copy of {@code qcow2} would allocate too much */
    void check(String imageId, Path qcow2) throws IOException {
        long stored = Files.size(qcow2);
        Qcow2Allocation mapped = Qcow2Allocation.of(qcow2);
        long raw = mapped.rawBytes();
        if (raw > maxConversionRatio * stored) {
            throw new ConversionTooLarge(String.format(Locale.ROOT, "image %s refused: converting it to raw would"
                    + " allocate %d bytes (%d guest clusters mapped onto %d distinct host clusters), %.1f times its"
                    + " stored size of %d bytes, beyond max_conversion_ratio %s", imageId, raw,
                    mapped.mappedClusters(), mapped.distinctHostClusters(), (double) raw / stored, stored,
                    ratio()), raw, stored);
        }
    }

    private String ratio() {
        return maxConversionRatio == Math.rint(maxConversionRatio) ? Long.toString((long) maxConversionRatio)
                : Double.toString(maxConversionRatio);
    }
}
