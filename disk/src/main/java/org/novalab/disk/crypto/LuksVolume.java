package org.novalab.disk.crypto;

import java.util.Arrays;

/**
 * An unlocked LUKS1 volume: its header (as stored, with key material) and the payload cipher built from the master
 * key, which only that cipher holds (off the heap). Close it when done: the cipher forgets the key and refuses
 * further use.
 */
public final class LuksVolume implements AutoCloseable {
    private final LuksHeader header;
    private final byte[] headerBytes;
    private final XtsAes payload;
    private volatile boolean closed;

    /** Takes {@code masterKey} over and zeroes it once the payload cipher has its own copy. */
    LuksVolume(LuksHeader header, byte[] headerBytes, byte[] masterKey) {
        this.header = header;
        this.headerBytes = headerBytes;
        try {
            this.payload = new XtsAes(masterKey);
        } finally {
            Arrays.fill(masterKey, (byte) 0);
        }
    }

    /** The full LUKS1 header plus key material, {@code header().payloadOffset()} bytes, to store as is. */
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    public LuksHeader header() {
        return header;
    }

    /**
     * The aes-xts-plain64 payload cipher; sector numbers are what QEMU passes (host offset / 512 in qcow2). Closing
     * it closes the volume: one key, one lifetime.
     */
    public SectorCipher cipher() {
        return new SectorCipher() {
            @Override
            public void encrypt(long sectorNumber, byte[] buf, int off, int len) {
                checkOpen();
                payload.encrypt(sectorNumber, buf, off, len);
            }

            @Override
            public void decrypt(long sectorNumber, byte[] buf, int off, int len) {
                checkOpen();
                payload.decrypt(sectorNumber, buf, off, len);
            }

            @Override
            public void close() {
                LuksVolume.this.close();
            }
        };
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("LUKS volume already closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        payload.close();
    }

    @Override
    public String toString() {
        return "LuksVolume[" + header.cipherAlg() + "-" + header.cipherMode() + ", uuid " + header.uuid() + "]";
    }
}
