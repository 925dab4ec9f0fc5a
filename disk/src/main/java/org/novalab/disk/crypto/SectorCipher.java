package org.novalab.disk.crypto;

/**
 * Encrypts or decrypts whole 512-byte sectors in place. The sector number is QEMU's: the caller decides whether it
 * counts guest offsets (legacy qcow AES) or host offsets (LUKS in qcow2); the cipher only derives the per-sector IV
 * or tweak from it. Implementations are thread-safe: concurrent calls never share cipher state. Close it when
 * done: the key is forgotten and further calls fail.
 */
public interface SectorCipher extends AutoCloseable {
    int SECTOR_SIZE = 512;

    /** Encrypts {@code len} bytes (a multiple of 512) starting at {@code off}; the first sector is {@code sectorNumber}. */
    void encrypt(long sectorNumber, byte[] buf, int off, int len);

    /** Decrypts {@code len} bytes (a multiple of 512) starting at {@code off}; the first sector is {@code sectorNumber}. */
    void decrypt(long sectorNumber, byte[] buf, int off, int len);

    /** Forgets the key (its copies and the JDK's key schedules); encrypting or decrypting afterwards fails. */
    @Override
    void close();

    /** Checks the arguments every implementation shares; a bad call is a programming error, not a corrupt image. */
    static void checkSectors(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside a buffer of " + buf.length);
        }
        if (len % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("length " + len + " is not a whole number of 512-byte sectors");
        }
    }
}
