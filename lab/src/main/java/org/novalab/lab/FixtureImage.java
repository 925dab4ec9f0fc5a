package org.novalab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.novalab.compute.BaseImageProvider;
import org.novalab.compute.CachedBase;
import org.novalab.disk.ImageFormat;
import org.novalab.fixture.FixtureGuest;

/**
 * The lab's Glance: one image, the fixture guest (raw, 41126400 bytes like the seed's cirros-x86_64), cached as
 * Nova caches it: {@code _base/<sha1 of the image id>}.
 */
final class FixtureImage implements BaseImageProvider {
    /** The seed's cirros-x86_64 image id. */
    static final String IMAGE_ID = "b5351923-136c-484a-a538-49f81bdf9497";

    private final Path baseDir;

    FixtureImage(Path baseDir) {
        this.baseDir = baseDir;
    }

    @Override
    public synchronized CachedBase ensure(String imageId) {
        if (!IMAGE_ID.equals(imageId)) {
            throw new IllegalArgumentException("the lab has one image, " + IMAGE_ID + ", not " + imageId);
        }
        Path base = baseDir.resolve(sha1(imageId));
        try {
            if (!Files.exists(base)) {
                FixtureGuest.write(base);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fixture guest to " + base, e);
        }
        return new CachedBase(imageId, base, ImageFormat.RAW, FixtureGuest.SIZE);
    }

    Path path() {
        return ensure(IMAGE_ID).path();
    }

    static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
