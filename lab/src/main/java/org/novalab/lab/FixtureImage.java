package org.novalab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.novalab.disk.ImageFormat;
import org.novalab.fixture.FixtureGuest;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.BaseImages;
import org.novalab.imagecache.ImageCache;

/**
 * The lab's Glance: one image, the fixture guest (raw, 41126400 bytes like the seed's cirros-x86_64), cached as
 * Nova caches it: {@code _base/<sha1 of the image id>}.
 */
final class FixtureImage implements BaseImages {

    private final Path baseDir;

    FixtureImage(Path baseDir) {
        this.baseDir = baseDir;
    }

    @Override
    public synchronized BaseImage fetchToBase(String imageId) {
        if (!FixtureGuest.IMAGE_ID.equals(imageId)) {
            throw new IllegalArgumentException("the lab has one image, " + FixtureGuest.IMAGE_ID + ", not " + imageId);
        }
        Path base = baseDir.resolve(ImageCache.baseName(imageId));
        boolean fetched = !Files.exists(base);
        try {
            if (fetched) {
                FixtureGuest.write(base);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fixture guest to " + base, e);
        }
        return new BaseImage(imageId, base, ImageFormat.RAW, FixtureGuest.SIZE, fetched);
    }

    Path path() {
        return fetchToBase(FixtureGuest.IMAGE_ID).path();
    }

}
