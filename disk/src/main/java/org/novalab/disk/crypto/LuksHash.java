package org.novalab.disk.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.novalab.disk.UnsupportedImage;

/** The hash a LUKS1 header names in its {@code hash-spec}: it drives PBKDF2 and the anti-forensic splitter. */
public enum LuksHash {
    SHA1("sha1", "SHA-1", 20),
    SHA224("sha224", "SHA-224", 28),
    SHA256("sha256", "SHA-256", 32),
    SHA384("sha384", "SHA-384", 48),
    SHA512("sha512", "SHA-512", 64);

    private final String spec;
    private final String jcaName;
    private final int digestLength;

    LuksHash(String spec, String jcaName, int digestLength) {
        this.spec = spec;
        this.jcaName = jcaName;
        this.digestLength = digestLength;
    }

    /** The name as the header and qemu-img spell it ({@code sha256}). */
    public String spec() {
        return spec;
    }

    public int digestLength() {
        return digestLength;
    }

    /** SHA-384 and SHA-512 hash 128-byte blocks; the others 64. HMAC pads its key to this. */
    int blockLength() {
        return digestLength > 32 ? 128 : 64;
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    public static LuksHash fromSpec(String spec) {
        String wanted = spec.toLowerCase(Locale.ROOT);
        for (LuksHash hash : values()) {
            if (hash.spec.equals(wanted)) {
                return hash;
            }
        }
        throw new UnsupportedImage("LUKS hash '" + spec + "' is not supported (sha1, sha224, sha256, sha384, sha512)");
    }
}
