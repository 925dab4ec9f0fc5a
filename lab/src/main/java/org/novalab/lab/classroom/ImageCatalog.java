package org.novalab.lab.classroom;

import java.util.Optional;

/** Finds the Glance image a {@code _base} file was fetched from (Nova names it by the sha1 of the image id). */
@FunctionalInterface
public interface ImageCatalog {
    Optional<GlanceImage> byBaseName(String baseFileName);

    ImageCatalog NONE = name -> Optional.empty();
}
