package org.novalab.disk.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * AES-XTS with the plain64 IV generator ({@code aes-xts-plain64}): the tweak of sector n is n as a 64-bit
 * little-endian number, zero-padded to 16 bytes. The key is key1 (data) followed by key2 (tweak), 32 bytes for
 * AES-128-XTS or 64 for AES-256-XTS.
 *
 * <p>Why it is fast: XTS is ECB between two XORs with the tweak stream, so a whole batch of sectors goes through a
 * single {@code AES/ECB/NoPadding} call (the JDK's AES-NI code) after the tweaks are XORed in with 8-byte loads.
 * The initial tweaks of the batch are themselves one ECB call. Concurrent calls borrow separate ciphers and buffers from a
 * pool, so there is no allocation per sector and no locking.
 *
 * <p>The two keys are {@link AesKey}s (off the heap); {@link #close()} destroys them and makes every pooled cipher
 * forget its key schedule ({@link Ciphers#forgetKey}).
 */
final class XtsAes implements SectorCipher {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Bytes per ECB batch: one 64 KiB cluster, the common call size. */
    private static final int BATCH = 64 * 1024;
    private static final int BLOCK = 16;

    private final AesKey dataKey;
    private final AesKey tweakKey;
    private final EnginePool<Engine> engines;

    /** Copies {@code key}; the caller zeroes its own array. */
    XtsAes(byte[] key) {
        if (key.length != 32 && key.length != 64) {
            throw new IllegalArgumentException("aes-xts needs a 32 or 64 byte key, not " + key.length);
        }
        int half = key.length / 2;
        this.dataKey = AesKey.copyOf(key, 0, half);
        this.tweakKey = AesKey.copyOf(key, half, half);
        this.engines = new EnginePool<>(() -> new Engine(dataKey, tweakKey), Engine::wipe);
    }

    @Override
    public void close() {
        engines.close();
        dataKey.destroy();
        tweakKey.destroy();
    }

    @Override
    public void encrypt(long sectorNumber, byte[] buf, int off, int len) {
        SectorCipher.checkSectors(buf, off, len);
        transform(true, sectorNumber, buf, off, len, SECTOR_SIZE);
    }

    @Override
    public void decrypt(long sectorNumber, byte[] buf, int off, int len) {
        SectorCipher.checkSectors(buf, off, len);
        transform(false, sectorNumber, buf, off, len, SECTOR_SIZE);
    }

    /**
     * XTS over consecutive data units of {@code unitLen} bytes (a multiple of 16, at most 64 KiB); the first unit has
     * sequence number {@code unit}. Sectors use 512; the IEEE 1619 vectors also use other unit sizes.
     */
    void transform(boolean encrypt, long unit, byte[] buf, int off, int len, int unitLen) {
        if (unitLen <= 0 || unitLen % BLOCK != 0 || unitLen > BATCH || len % unitLen != 0) {
            throw new IllegalArgumentException("XTS data units must be whole 16-byte blocks, at most 64 KiB");
        }
        Engine engine = engines.borrow();
        try {
            int unitsPerBatch = BATCH / unitLen;
            while (len > 0) {
                int units = Math.min(len / unitLen, unitsPerBatch);
                int bytes = units * unitLen;
                engine.run(encrypt, unit, buf, off, bytes, units, unitLen);
                unit += units;
                off += bytes;
                len -= bytes;
            }
        } finally {
            engines.giveBack(engine);
        }
    }

    /** One caller's ciphers and scratch buffers. */
    private static final class Engine {
        private final Cipher encryptor;
        private final Cipher decryptor;
        private final Cipher tweaker;
        private final byte[] mask = new byte[BATCH];
        private final byte[] scratch = new byte[BATCH];
        private final byte[] tweaks = new byte[BATCH];

        Engine(AesKey dataKey, AesKey tweakKey) {
            try {
                encryptor = Cipher.getInstance("AES/ECB/NoPadding");
                encryptor.init(Cipher.ENCRYPT_MODE, dataKey);
                decryptor = Cipher.getInstance("AES/ECB/NoPadding");
                decryptor.init(Cipher.DECRYPT_MODE, dataKey);
                tweaker = Cipher.getInstance("AES/ECB/NoPadding");
                tweaker.init(Cipher.ENCRYPT_MODE, tweakKey);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks AES/ECB/NoPadding", e);
            }
        }

        /** The ciphers forget the keys; the buffers lose the last data and tweaks they held. */
        void wipe() {
            Ciphers.forgetKey(encryptor);
            Ciphers.forgetKey(decryptor);
            Ciphers.forgetKey(tweaker);
            Arrays.fill(mask, (byte) 0);
            Arrays.fill(scratch, (byte) 0);
            Arrays.fill(tweaks, (byte) 0);
        }

        void run(boolean encrypt, long firstUnit, byte[] buf, int off, int bytes, int units, int unitLen) {
            // Initial tweak of every unit: E_key2(unit number, little-endian, zero-padded), one ECB call.
            for (int i = 0; i < units; i++) {
                LONGS.set(scratch, i * BLOCK, firstUnit + i);
                LONGS.set(scratch, i * BLOCK + 8, 0L);
            }
            ecb(tweaker, scratch, units * BLOCK, tweaks, 0);
            // Tweak stream (tweak times alpha^j in GF(2^128)), and the input XORed with it.
            for (int i = 0; i < units; i++) {
                long lo = (long) LONGS.get(tweaks, i * BLOCK);
                long hi = (long) LONGS.get(tweaks, i * BLOCK + 8);
                int end = (i + 1) * unitLen;
                for (int p = i * unitLen; p < end; p += BLOCK) {
                    LONGS.set(mask, p, lo);
                    LONGS.set(mask, p + 8, hi);
                    LONGS.set(scratch, p, (long) LONGS.get(buf, off + p) ^ lo);
                    LONGS.set(scratch, p + 8, (long) LONGS.get(buf, off + p + 8) ^ hi);
                    long carry = hi >> 63;
                    hi = (hi << 1) | (lo >>> 63);
                    lo = (lo << 1) ^ (carry & 0x87);
                }
            }
            ecb(encrypt ? encryptor : decryptor, scratch, bytes, buf, off);
            for (int p = 0; p < bytes; p += 8) {
                LONGS.set(buf, off + p, (long) LONGS.get(buf, off + p) ^ (long) LONGS.get(mask, p));
            }
        }

        private void ecb(Cipher cipher, byte[] in, int len, byte[] out, int outOff) {
            try {
                cipher.doFinal(in, 0, len, out, outOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/ECB failed on whole blocks", e);
            }
        }
    }
}
