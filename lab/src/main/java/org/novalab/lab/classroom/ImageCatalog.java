package org.novalab.lab.classroom;

import java.util.Optional;

/** Finds the Glance image an instance was built from, with the pool objects that hold its bytes. */
@FunctionalInterface
public interface ImageCatalog {
    Optional<GlanceImage> byId(String imageId);

    ImageCatalog NONE = id -> Optional.empty();
}
