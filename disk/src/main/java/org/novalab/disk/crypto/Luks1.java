package org.novalab.disk.crypto;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.UnsupportedImage;

/**
 * LUKS1 volumes as QEMU writes and reads them ({@code crypto/block-luks.c}): aes-xts-plain64, a PBKDF2 digest of
 * the master key, eight key slots of which a new volume uses slot 0, each slot's master key split into 4000
 * anti-forensic stripes and encrypted with a key derived from the passphrase.
 *
 * <p>Layout, as QEMU lays it out: the 592-byte phdr, then slot i's key material at sector
 * {@code 8 + i * s}, where s is the key material size in sectors rounded up to 4096 bytes (504 sectors for a
 * 64-byte key); the payload starts after the eighth slot (4040 sectors, 2068480 bytes, for a 64-byte key).
 */
public final class Luks1 {
    static final int STRIPES = 4000;
    static final long MIN_ITERATIONS = 1000;
    private static final int ALIGNMENT_SECTORS = 4096 / SectorCipher.SECTOR_SIZE;

    private Luks1() {
    }

    /** True when {@code firstBytes} starts with the LUKS magic (a raw LUKS file or a qcow2 LUKS header area). */
    public static boolean isLuks(byte[] firstBytes) {
        return LuksHeader.hasMagic(firstBytes);
    }

    /**
     * A new volume: random master key, salts and UUID; key slot 0 unlocked by {@code passphrase}. Iterations come
     * from {@code params.iterations()} when set (key slot; the master key digest gets the share QEMU gives it),
     * else from a benchmark of {@code params.iterTimeMillis()} like qemu-img's {@code iter-time}.
     */
    public static LuksVolume format(Passphrase passphrase, LuksParams params) {
        LuksHash hash = LuksHash.fromSpec(params.hashAlg());
        int keyBytes = params.cipherKeyBits() / 8;
        Iterations iterations = Iterations.of(params, hash, keyBytes);
        byte[] masterKey = random(keyBytes);
        try {
            byte[] digestSalt = random(LuksHeader.SALT_LENGTH);
            byte[] digest = Pbkdf2.derive(hash, masterKey, digestSalt, iterations.masterKeyDigest(), LuksHeader.DIGEST_LENGTH);

            long materialSectors = alignedMaterialSectors(keyBytes);
            List<LuksKeySlot> slots = new ArrayList<>(LuksHeader.SLOTS);
            for (int i = 0; i < LuksHeader.SLOTS; i++) {
                long sector = LuksHeader.FIRST_KEY_MATERIAL_SECTOR + i * materialSectors;
                slots.add(new LuksKeySlot(LuksKeySlot.DISABLED, 0, new byte[LuksHeader.SALT_LENGTH], sector, STRIPES));
            }
            byte[] slotSalt = random(LuksHeader.SALT_LENGTH);
            slots.set(0, new LuksKeySlot(LuksKeySlot.ENABLED, iterations.keySlot(), slotSalt,
                    slots.get(0).keyMaterialSector(), STRIPES));
            long payloadSectors = LuksHeader.FIRST_KEY_MATERIAL_SECTOR + LuksHeader.SLOTS * materialSectors;
            LuksHeader header = new LuksHeader("aes", "xts-plain64", hash.spec(), payloadSectors, keyBytes, digest,
                    digestSalt, iterations.masterKeyDigest(), UUID.randomUUID().toString(), slots);

            byte[] headerBytes = new byte[Math.toIntExact(header.payloadOffset())];
            System.arraycopy(header.toBytes(), 0, headerBytes, 0, LuksHeader.LENGTH);
            byte[] material = sealKeyMaterial(header, slots.get(0), passphrase, masterKey);
            System.arraycopy(material, 0, headerBytes, Math.toIntExact(slots.get(0).keyMaterialOffset()), material.length);
            return new LuksVolume(header, headerBytes, masterKey);
        } finally {
            Arrays.fill(masterKey, (byte) 0); // the volume's cipher has its own copy, off the heap
        }
    }

    /**
     * Unlocks a volume: {@code headerBytes} holds the phdr and the key material (at least
     * {@link LuksHeader#payloadOffset()} bytes, or up to the end of the last active slot's material).
     *
     * @throws InvalidPassphrase when no active key slot opens with {@code passphrase}
     */
    public static LuksVolume open(byte[] headerBytes, Passphrase passphrase) {
        LuksHeader header = LuksHeader.parse(headerBytes);
        return new LuksVolume(header, headerBytes.clone(), masterKey(header, headerBytes, passphrase));
    }

    /**
     * The master key the first key slot {@code passphrase} opens; the caller zeroes it. Package-private: only a
     * {@link LuksVolume} holds it (and the secret tests, which search heap dumps for it).
     *
     * @throws InvalidPassphrase when no active key slot opens with {@code passphrase}
     */
    static byte[] masterKey(LuksHeader header, byte[] headerBytes, Passphrase passphrase) {
        LuksHash hash = header.hash();
        for (LuksKeySlot slot : header.keySlots()) {
            if (!slot.active()) {
                continue;
            }
            long end = slot.keyMaterialOffset() + slot.keyMaterialBytes(header.keyBytes());
            if (end > headerBytes.length) {
                throw new CorruptImage("LUKS key material ends at byte " + end + ", beyond the "
                        + headerBytes.length + " bytes of the header");
            }
            byte[] candidate = unsealKeyMaterial(header, slot, headerBytes, passphrase);
            byte[] check = Pbkdf2.derive(hash, candidate, header.masterKeyDigestSalt(),
                    header.masterKeyDigestIterations(), LuksHeader.DIGEST_LENGTH);
            if (MessageDigest.isEqual(check, header.masterKeyDigest())) {
                return candidate;
            }
            Arrays.fill(candidate, (byte) 0);
        }
        throw new InvalidPassphrase("Invalid password, cannot unlock any keyslot");
    }

    /** Split the master key into stripes and encrypt them with the slot key (xts-plain64, sectors from 0). */
    private static byte[] sealKeyMaterial(LuksHeader header, LuksKeySlot slot, Passphrase passphrase, byte[] masterKey) {
        byte[] split = AntiForensicSplitter.split(masterKey, slot.stripes(), header.hash(), LuksRandom.current());
        byte[] material = Arrays.copyOf(split, Math.toIntExact(slot.keyMaterialBytes(header.keyBytes())));
        Arrays.fill(split, (byte) 0);
        byte[] slotKey = slotKey(header, slot, passphrase);
        try (XtsAes slotCipher = new XtsAes(slotKey)) {
            slotCipher.encrypt(0, material, 0, material.length);
        } finally {
            Arrays.fill(slotKey, (byte) 0);
        }
        return material;
    }

    private static byte[] unsealKeyMaterial(LuksHeader header, LuksKeySlot slot, byte[] headerBytes, Passphrase passphrase) {
        int start = Math.toIntExact(slot.keyMaterialOffset());
        byte[] material = Arrays.copyOfRange(headerBytes, start,
                start + Math.toIntExact(slot.keyMaterialBytes(header.keyBytes())));
        byte[] slotKey = slotKey(header, slot, passphrase);
        try (XtsAes slotCipher = new XtsAes(slotKey)) {
            slotCipher.decrypt(0, material, 0, material.length);
            return AntiForensicSplitter.merge(material, header.keyBytes(), slot.stripes(), header.hash());
        } finally {
            Arrays.fill(slotKey, (byte) 0);
            Arrays.fill(material, (byte) 0);
        }
    }

    private static byte[] slotKey(LuksHeader header, LuksKeySlot slot, Passphrase passphrase) {
        return Pbkdf2.derive(header.hash(), passphrase, slot.salt(), slot.iterations(), header.keyBytes());
    }

    /** Key material sectors of one slot, rounded up to the 4096-byte alignment QEMU (and cryptsetup) use. */
    static long alignedMaterialSectors(int keyBytes) {
        long sectors = ((long) keyBytes * STRIPES + SectorCipher.SECTOR_SIZE - 1) / SectorCipher.SECTOR_SIZE;
        return (sectors + ALIGNMENT_SECTORS - 1) / ALIGNMENT_SECTORS * ALIGNMENT_SECTORS;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        LuksRandom.current().nextBytes(bytes);
        return bytes;
    }

    /**
     * PBKDF2 iteration counts for a new volume. QEMU benchmarks iterations per second r(n) for an n-byte output;
     * the key slot gets r(keyBytes) * iterTime and the master key digest r(20) * iterTime / 8, both at least 1000.
     * With r(n) = r1 / blocks(n), an explicit slot count keeps the same ratio for the digest.
     */
    record Iterations(long keySlot, long masterKeyDigest) {
        static Iterations of(LuksParams params, LuksHash hash, int keyBytes) {
            int slotBlocks = (keyBytes + hash.digestLength() - 1) / hash.digestLength();
            if (params.iterations() != null) {
                long slot = params.iterations();
                if (slot > LuksHeader.MAX_ITERATIONS) {
                    throw new UnsupportedImage("at most " + LuksHeader.MAX_ITERATIONS + " PBKDF2 iterations, not " + slot);
                }
                return new Iterations(slot, clamp(slot * slotBlocks / 8));
            }
            int millis = params.iterTimeMillis() == null ? 2000 : params.iterTimeMillis();
            long perSecond = Pbkdf2Calibration.iterationsPerSecond(hash);
            return new Iterations(clamp(perSecond / slotBlocks * millis / 1000), clamp(perSecond * millis / 1000 / 8));
        }

        /** At least QEMU's minimum; at most what {@link LuksHeader#parse} accepts back. */
        private static long clamp(long iterations) {
            return Math.min(LuksHeader.MAX_ITERATIONS, Math.max(MIN_ITERATIONS, iterations));
        }
    }
}
