package org.novalab.imagecache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.novalab.disk.ImageFormat;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.image.inspect.Inspection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base fetched by an earlier version has no {@link BaseInfo}: its format is decided once more, from facts, not
 * from its first bytes. When its md5 is Glance's checksum it is the image as stored, and the gate checks it
 * against Glance's {@code disk_format} again; anything else is what {@code force_raw_images} wrote, a raw disk.
 * Raw is also the answer when Glance no longer knows the image: opened as raw, a base never follows a backing file.
 */
final class LegacyBase {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyBase.class);
    private final ImageSource source;
    private final Retries retries;
    private final SafetyGate gate;

    LegacyBase(ImageSource source, Retries retries, SafetyGate gate) {
        this.source = source;
        this.retries = retries;
        this.gate = gate;
    }

    /** Decides the base's format and writes its {@code .info}; called under the image lock. */
    BaseInfo pin(String imageId, Path base) throws IOException {
        BaseInfo info = decide(imageId, base);
        info.writeFor(base);
        LOG.info("base {} of image {} from an earlier version pinned as {}", base, imageId, info.format().qemuName());
        return info;
    }

    private BaseInfo decide(String imageId, Path base) throws IOException {
        ImageRecord record;
        try {
            record = retries.run(imageId, "describe", () -> source.describe(imageId));
        } catch (ImageNotFound gone) {
            return new BaseInfo(imageId, ImageFormat.RAW, Files.size(base));
        }
        if (record.checksum() == null || !record.checksum().equalsIgnoreCase(md5(base))) {
            return new BaseInfo(imageId, ImageFormat.RAW, Files.size(base));
        }
        Inspection inspection = gate.check(imageId, record.diskFormat(), base);
        ImageFormat format = switch (inspection.format()) {
            case RAW, ISO -> ImageFormat.RAW;
            case QCOW2 -> ImageFormat.QCOW2;
            default -> throw new UnsafeImage("base " + base + " of image " + imageId + " is "
                    + inspection.format().glanceName() + "; _base holds raw and qcow2 images only");
        };
        return new BaseInfo(imageId, format, inspection.virtualSize());
    }

    private static String md5(Path file) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }
}
