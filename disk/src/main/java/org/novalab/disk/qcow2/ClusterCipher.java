package org.novalab.disk.qcow2;

/**
 * Encrypts or decrypts whole 512-byte sectors of one qcow2 cluster run. Legacy AES numbers sectors by guest
 * offset, LUKS in qcow2 by host (file) offset, as QEMU does; implementations pick the right one.
 */
public interface ClusterCipher {
    void encrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len);

    void decrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len);
}
