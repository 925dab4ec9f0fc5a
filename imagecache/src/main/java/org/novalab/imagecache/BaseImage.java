package org.novalab.imagecache;

import java.nio.file.Path;
import org.novalab.disk.ImageFormat;

/**
 * A file in {@code _base}, ready to back instance disks.
 *
 * @param fetched true when this call downloaded it, false on a cache hit
 */
public record BaseImage(String imageId, Path path, ImageFormat format, long virtualSize, boolean fetched) {
}
