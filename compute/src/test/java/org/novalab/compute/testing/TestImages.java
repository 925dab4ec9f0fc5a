package org.novalab.compute.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.novalab.compute.BaseImageProvider;
import org.novalab.compute.CachedBase;
import org.novalab.disk.ImageFormat;
import org.novalab.fixture.FixtureGuest;

/**
 * A {@code _base} with the fixture guest in it, named like Nova names cached bases ({@code sha1(image id)}).
 * Also a non-bootable image (zeros) to see the firmware give up.
 */
public final class TestImages implements BaseImageProvider {
    public static final String FIXTURE = "cirros-x86_64";
    public static final String BLANK = "blank-disk";
    private final Path baseDir;

    public TestImages(Path instancesDir) {
        this.baseDir = instancesDir.resolve("_base");
    }

    @Override
    public CachedBase ensure(String imageId) {
        Path file = baseDir.resolve(sha1(imageId));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(baseDir);
                switch (imageId) {
                    case FIXTURE -> FixtureGuest.write(file);
                    case BLANK -> {
                        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                                java.nio.file.StandardOpenOption.WRITE)) {
                            ch.truncate(0);
                            ch.write(java.nio.ByteBuffer.allocate(1), 8L * 1024 * 1024 - 1);
                        }
                    }
                    default -> throw new IllegalArgumentException("no such test image " + imageId);
                }
            }
            return new CachedBase(imageId, file, ImageFormat.RAW, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
