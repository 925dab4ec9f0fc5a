package org.novalab.disk.crypto;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The LUKS anti-forensic information splitter: a key is stored as {@code stripes} blocks, all but the last random,
 * so that erasing any part of the key material erases the key. Merging XORs each stripe into an accumulator and
 * "diffuses" it between stripes: each digest-sized piece of the accumulator is replaced by
 * H(piece index as 32-bit big-endian || piece), the last piece truncated, as cryptsetup and QEMU do.
 */
public final class AntiForensicSplitter {
    private AntiForensicSplitter() {
    }

    public static byte[] split(byte[] key, int stripes, LuksHash hash, SecureRandom random) {
        checkStripes(stripes);
        int length = key.length;
        byte[] material = new byte[Math.multiplyExact(length, stripes)];
        byte[] accumulator = new byte[length];
        MessageDigest digest = hash.newDigest();
        random.nextBytes(material);
        for (int stripe = 0; stripe < stripes - 1; stripe++) {
            xorInto(accumulator, material, stripe * length);
            diffuse(accumulator, digest);
        }
        int last = (stripes - 1) * length;
        for (int i = 0; i < length; i++) {
            material[last + i] = (byte) (accumulator[i] ^ key[i]);
        }
        Arrays.fill(accumulator, (byte) 0);
        return material;
    }

    public static byte[] merge(byte[] material, int keyLength, int stripes, LuksHash hash) {
        checkStripes(stripes);
        if (material.length < (long) keyLength * stripes) {
            throw new IllegalArgumentException("key material is shorter than " + stripes + " stripes");
        }
        byte[] accumulator = new byte[keyLength];
        MessageDigest digest = hash.newDigest();
        for (int stripe = 0; stripe < stripes - 1; stripe++) {
            xorInto(accumulator, material, stripe * keyLength);
            diffuse(accumulator, digest);
        }
        xorInto(accumulator, material, (stripes - 1) * keyLength);
        return accumulator;
    }

    private static void checkStripes(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("the splitter needs at least one stripe");
        }
    }

    private static void xorInto(byte[] accumulator, byte[] material, int offset) {
        for (int i = 0; i < accumulator.length; i++) {
            accumulator[i] ^= material[offset + i];
        }
    }

    private static void diffuse(byte[] block, MessageDigest digest) {
        int size = digest.getDigestLength();
        byte[] hashed = new byte[size];
        try {
            for (int index = 0, start = 0; start < block.length; index++, start += size) {
                int piece = Math.min(size, block.length - start);
                digest.update(new byte[] {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index});
                digest.update(block, start, piece);
                digest.digest(hashed, 0, size);
                System.arraycopy(hashed, 0, block, start, piece);
            }
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(hashed, (byte) 0);
        }
    }
}
