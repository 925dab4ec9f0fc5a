package org.novalab.compute;

import java.nio.file.Path;
import org.novalab.disk.ImageFormat;

/** A base image in {@code _base}: the file, its format and its virtual size. */
public record CachedBase(String imageId, Path path, ImageFormat format, long virtualSize) {
}
