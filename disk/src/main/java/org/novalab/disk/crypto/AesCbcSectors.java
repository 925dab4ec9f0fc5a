package org.novalab.disk.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES-CBC per 512-byte sector with the plain64 IV (the sector number, 64-bit little-endian, zero-padded), the
 * legacy qcow encryption ({@code crypt_method 1}).
 *
 * <p>The pooled ciphers are initialised once, with a zero IV; the sector's IV is folded into the data instead:
 * encrypting XORs it into the sector's first block (CBC restarts from the zero IV after each call), and decrypting
 * a whole batch in one call yields, for each sector's first block, D(C) XOR (previous ciphertext block), which is
 * corrected to D(C) XOR IV. That keeps the JDK's intrinsic CBC path with no per-sector re-initialisation.
 *
 * <p>The key is an {@link AesKey} (off the heap); {@link #close()} destroys it and makes every pooled cipher forget
 * its key schedule ({@link Ciphers#forgetKey}).
 */
final class AesCbcSectors implements SectorCipher {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BATCH = 64 * 1024;
    private static final int BLOCK = 16;
    private static final int BLOCKS_PER_SECTOR = SECTOR_SIZE / BLOCK;
    /** Below 8 sectors, 32 small ECB calls cost more than one CBC call per sector. */
    private static final int INTERLEAVE_FROM = 8 * SECTOR_SIZE;

    private final AesKey key;
    private final EnginePool<Engine> engines;

    /** Copies {@code key}; the caller zeroes its own array. */
    AesCbcSectors(byte[] key) {
        this.key = AesKey.copyOf(key);
        this.engines = new EnginePool<>(() -> new Engine(this.key), Engine::wipe);
    }

    @Override
    public void close() {
        engines.close();
        key.destroy();
    }

    @Override
    public void encrypt(long sectorNumber, byte[] buf, int off, int len) {
        SectorCipher.checkSectors(buf, off, len);
        Engine engine = engines.borrow();
        try {
            while (len > 0) {
                int bytes = Math.min(len, BATCH);
                if (bytes >= INTERLEAVE_FROM) {
                    engine.encryptInterleaved(sectorNumber, buf, off, bytes);
                } else {
                    for (int p = 0; p < bytes; p += SECTOR_SIZE) {
                        engine.encryptSector(sectorNumber + p / SECTOR_SIZE, buf, off + p);
                    }
                }
                sectorNumber += bytes / SECTOR_SIZE;
                off += bytes;
                len -= bytes;
            }
        } finally {
            engines.giveBack(engine);
        }
    }

    @Override
    public void decrypt(long sectorNumber, byte[] buf, int off, int len) {
        SectorCipher.checkSectors(buf, off, len);
        Engine engine = engines.borrow();
        try {
            while (len > 0) {
                int bytes = Math.min(len, BATCH);
                engine.decryptBatch(sectorNumber, buf, off, bytes);
                sectorNumber += bytes / SECTOR_SIZE;
                off += bytes;
                len -= bytes;
            }
        } finally {
            engines.giveBack(engine);
        }
    }

    private static final class Engine {
        private final Cipher encryptor;
        private final Cipher decryptor;
        private final Cipher blockEncryptor;
        private final byte[] scratch = new byte[BATCH];

        Engine(AesKey key) {
            try {
                IvParameterSpec zeroIv = new IvParameterSpec(new byte[BLOCK]);
                encryptor = Cipher.getInstance("AES/CBC/NoPadding");
                encryptor.init(Cipher.ENCRYPT_MODE, key, zeroIv);
                decryptor = Cipher.getInstance("AES/CBC/NoPadding");
                decryptor.init(Cipher.DECRYPT_MODE, key, zeroIv);
                blockEncryptor = Cipher.getInstance("AES/ECB/NoPadding");
                blockEncryptor.init(Cipher.ENCRYPT_MODE, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks AES/CBC/NoPadding", e);
            }
        }

        /** The ciphers forget the key; the buffer loses the last data it held. */
        void wipe() {
            Ciphers.forgetKey(encryptor);
            Ciphers.forgetKey(decryptor);
            Ciphers.forgetKey(blockEncryptor);
            Arrays.fill(scratch, (byte) 0);
        }

        void encryptSector(long sector, byte[] buf, int off) {
            System.arraycopy(buf, off, scratch, 0, SECTOR_SIZE);
            LONGS.set(scratch, 0, (long) LONGS.get(scratch, 0) ^ sector); // first block XOR IV (upper 8 bytes are 0)
            finish(encryptor, SECTOR_SIZE, buf, off);
        }

        /**
         * CBC encryption is serial within a sector but the sectors are independent, so block j of every sector in
         * the batch goes through one ECB call (the AES pipeline stays full): input = plaintext block j XOR (the
         * sector's IV for j = 0, else its ciphertext block j - 1, already in place).
         */
        void encryptInterleaved(long firstSector, byte[] buf, int off, int bytes) {
            int sectors = bytes / SECTOR_SIZE;
            byte[] lanes = scratch;
            for (int j = 0; j < BLOCKS_PER_SECTOR; j++) {
                for (int s = 0; s < sectors; s++) {
                    int p = off + s * SECTOR_SIZE + j * BLOCK;
                    long chainLo = j == 0 ? firstSector + s : (long) LONGS.get(buf, p - BLOCK);
                    long chainHi = j == 0 ? 0 : (long) LONGS.get(buf, p - 8);
                    LONGS.set(lanes, s * BLOCK, (long) LONGS.get(buf, p) ^ chainLo);
                    LONGS.set(lanes, s * BLOCK + 8, (long) LONGS.get(buf, p + 8) ^ chainHi);
                }
                try {
                    blockEncryptor.doFinal(lanes, 0, sectors * BLOCK, lanes, sectors * BLOCK);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES/ECB failed on whole blocks", e);
                }
                for (int s = 0; s < sectors; s++) {
                    int p = off + s * SECTOR_SIZE + j * BLOCK;
                    LONGS.set(buf, p, (long) LONGS.get(lanes, (sectors + s) * BLOCK));
                    LONGS.set(buf, p + 8, (long) LONGS.get(lanes, (sectors + s) * BLOCK + 8));
                }
            }
        }

        void decryptBatch(long firstSector, byte[] buf, int off, int bytes) {
            System.arraycopy(buf, off, scratch, 0, bytes);
            finish(decryptor, bytes, buf, off);
            for (int p = 0; p < bytes; p += SECTOR_SIZE) {
                long sector = firstSector + p / SECTOR_SIZE;
                // The call XORed the previous ciphertext block (or the zero IV) in; swap it for this sector's IV.
                long prevLo = p == 0 ? 0 : (long) LONGS.get(scratch, p - BLOCK);
                long prevHi = p == 0 ? 0 : (long) LONGS.get(scratch, p - 8);
                LONGS.set(buf, off + p, (long) LONGS.get(buf, off + p) ^ prevLo ^ sector);
                LONGS.set(buf, off + p + 8, (long) LONGS.get(buf, off + p + 8) ^ prevHi);
            }
        }

        private void finish(Cipher cipher, int len, byte[] out, int outOff) {
            try {
                cipher.doFinal(scratch, 0, len, out, outOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CBC failed on whole blocks", e);
            }
        }
    }
}
