package org.novalab.disk;

/**
 * Key-slot parameters for LUKS1. Exactly one of {@code iterations} (an explicit PBKDF2 iteration count) or
 * {@code iterTimeMillis} (qemu-img's {@code encrypt.iter-time}, calibrated by a benchmark) drives the key slot.
 *
 * @param cipherKeyBits 256 (aes-128-xts) or 512 (aes-256-xts); qemu-img's default is aes-256-xts (512)
 * @param hashAlg       the PBKDF2 hash, {@code sha256} like qemu-img
 */
public record LuksParams(int cipherKeyBits, String hashAlg, Integer iterations, Integer iterTimeMillis) {
    /** qemu-img's defaults: aes-256-xts-plain64, sha256, iter-time 2000 ms. */
    public static final LuksParams QEMU_DEFAULT = new LuksParams(512, "sha256", null, 2000);

    public LuksParams {
        if (cipherKeyBits != 256 && cipherKeyBits != 512) {
            throw new UnsupportedImage("aes-xts needs a 256 or 512 bit key, not " + cipherKeyBits);
        }
        if (iterations != null && iterations < 1) {
            throw new UnsupportedImage("PBKDF2 iterations must be positive");
        }
    }

    public static LuksParams withIterations(int iterations) {
        return new LuksParams(512, "sha256", iterations, null);
    }
}
