package org.novalab.api.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.novalab.disk.crypto.LuksHash;
import org.novalab.disk.crypto.Pbkdf2;

/**
 * PBKDF2-HMAC-SHA256 password hashes, stored as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}. Derived with the disk
 * module's PBKDF2 (the one LUKS key slots use), which hashes the HMAC pads once per password: two SHA-256
 * compressions per iteration where the JDK's {@code PBKDF2WithHmacSHA256} pays four. Same bytes as the JDK's (RFC
 * 8018, the password as UTF-8), so stored hashes keep matching; Tempest's dynamic credentials pay one per user made
 * and one per login, less the logins {@link RecentlyVerified} proves with an HMAC.
 */
public final class PasswordHash {
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int ITERATIONS = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RecentlyVerified RECENT = new RecentlyVerified();

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String stored = PREFIX + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
        RECENT.remember(password, stored);
        return stored;
    }

    public static boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        if (RECENT.proven(password, stored)) {
            return true;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        boolean right = MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
        if (right) {
            RECENT.remember(password, stored);
        }
        return right;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            return Pbkdf2.derive(LuksHash.SHA256, secret, salt, iterations, 32);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
