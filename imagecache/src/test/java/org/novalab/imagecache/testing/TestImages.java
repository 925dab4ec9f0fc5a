package org.novalab.imagecache.testing;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageStatus;

/** Image records whose checksums match their bytes, as Glance would hold them. */
public final class TestImages {
    private TestImages() {
    }

    public static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static String hex(String algo, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ImageRecord activeRecord(String id, String diskFormat, byte[] data) {
        Instant now = Instant.parse("2026-11-26T09:00:00Z");
        return new ImageRecord(id, "test-" + id, ImageStatus.ACTIVE, diskFormat, "bare", (long) data.length,
                (long) data.length, hex("MD5", data), "sha512", hex("SHA-512", data), 0, 0, "public", false,
                "admin", now, now, Map.of());
    }
}
