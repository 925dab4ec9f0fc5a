package org.novalab.disk.crypto;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.novalab.disk.Passphrase;

/**
 * PBKDF2 with HMAC over a {@link LuksHash} (RFC 8018). HMAC is built on {@link MessageDigest} so that any
 * passphrase, including an empty one, is a valid key. The output blocks are independent, so a key longer than one
 * digest (a 64-byte aes-256-xts key with sha256 is two blocks) is derived on several cores at once.
 */
public final class Pbkdf2 {
    private Pbkdf2() {
    }

    public static byte[] derive(LuksHash hash, byte[] password, byte[] salt, long iterations, int keyLength) {
        return derive(hash, keyedHmacs(hash, password, blocks(hash, keyLength)), salt, iterations, keyLength);
    }

    /**
     * The same for a passphrase, whose heap copy lives only until the HMACs are keyed (microseconds), not for the
     * whole derivation (seconds at qemu-img's iteration counts): from then on only the keyed digest states hold
     * anything derived from it.
     */
    public static byte[] derive(LuksHash hash, Passphrase password, byte[] salt, long iterations, int keyLength) {
        byte[] secret = password.bytes();
        Hmac[] keyed;
        try {
            keyed = keyedHmacs(hash, secret, blocks(hash, keyLength));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return derive(hash, keyed, salt, iterations, keyLength);
    }

    private static byte[] derive(LuksHash hash, Hmac[] keyed, byte[] salt, long iterations, int keyLength) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration");
        }
        int digest = hash.digestLength();
        int blocks = keyed.length;
        byte[] out = new byte[keyLength];
        IntStream indices = IntStream.rangeClosed(1, blocks);
        (blocks > 1 ? indices.parallel() : indices).forEach(index -> {
            byte[] block = keyed[index - 1].block(salt, index, iterations);
            int start = (index - 1) * digest;
            System.arraycopy(block, 0, out, start, Math.min(digest, keyLength - start));
            Arrays.fill(block, (byte) 0);
        });
        return out;
    }

    private static int blocks(LuksHash hash, int keyLength) {
        if (keyLength < 1) {
            throw new IllegalArgumentException("PBKDF2 key length must be positive");
        }
        return (keyLength + hash.digestLength() - 1) / hash.digestLength();
    }

    /** One keyed HMAC per output block: the blocks are derived on several threads, one instance each. */
    private static Hmac[] keyedHmacs(LuksHash hash, byte[] password, int blocks) {
        Hmac[] keyed = new Hmac[blocks];
        for (int i = 0; i < blocks; i++) {
            keyed[i] = new Hmac(hash, password);
        }
        return keyed;
    }

    /**
     * HMAC with the key's inner and outer pads hashed once: each HMAC then clones the two prepared digests, which
     * costs two compressions instead of four (the pads are not re-hashed), and the compressions stay the JDK's
     * intrinsic SHA code. One instance per thread.
     */
    static final class Hmac {
        private final MessageDigest innerKeyed;
        private final MessageDigest outerKeyed;
        private final int digestLength;

        Hmac(LuksHash hash, byte[] key) {
            MessageDigest inner = hash.newDigest();
            MessageDigest outer = hash.newDigest();
            digestLength = hash.digestLength();
            int blockLength = hash.blockLength();
            byte[] k = key.length > blockLength ? inner.digest(key) : key.clone();
            byte[] pad = new byte[blockLength];
            for (int i = 0; i < blockLength; i++) {
                pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
            }
            inner.update(pad);
            for (int i = 0; i < blockLength; i++) {
                pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x5c);
            }
            outer.update(pad);
            Arrays.fill(pad, (byte) 0);
            Arrays.fill(k, (byte) 0);
            innerKeyed = inner;
            outerKeyed = outer;
        }

        /** F(password, salt, iterations, index) of RFC 8018 section 5.2: one digest-sized block of output. */
        byte[] block(byte[] salt, int index, long iterations) {
            byte[] u = new byte[digestLength];
            byte[] t = new byte[digestLength];
            MessageDigest first = copy(innerKeyed);
            first.update(salt);
            first.update(new byte[] {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index});
            finish(first, u);
            System.arraycopy(u, 0, t, 0, digestLength);
            for (long i = 1; i < iterations; i++) {
                MessageDigest inner = copy(innerKeyed);
                inner.update(u);
                finish(inner, u);
                for (int j = 0; j < digestLength; j++) {
                    t[j] ^= u[j];
                }
            }
            Arrays.fill(u, (byte) 0);
            return t;
        }

        /** Completes {@code inner} and writes HMAC = H(outer pad || inner hash) into {@code out}. */
        private void finish(MessageDigest inner, byte[] out) {
            try {
                inner.digest(out, 0, digestLength);
                MessageDigest outer = copy(outerKeyed);
                outer.update(out, 0, digestLength);
                outer.digest(out, 0, digestLength);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
        }

        private static MessageDigest copy(MessageDigest keyed) {
            try {
                return (MessageDigest) keyed.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA digests are cloneable", e);
            }
        }
    }
}
