/**
 * Disk encryption as QEMU does it, in pure Java: the per-sector transforms and the LUKS1 header that qcow2
 * ({@code crypt_method} 1 and 2) and raw LUKS files use. Facts checked against qemu-img 7.2 here:
 * <ul>
 *   <li>Legacy qcow AES ({@link org.novalab.disk.crypto.QcowAes}): AES-128-CBC per 512-byte sector, IV = the
 *       sector number as 64-bit little-endian ("plain64"), key = the passphrase as a C string cut or zero-padded
 *       to 16 bytes. No key check: a wrong passphrase decrypts to garbage. qcow2 numbers sectors by guest offset.</li>
 *   <li>LUKS1 ({@link org.novalab.disk.crypto.Luks1}): aes-xts-plain64 (64-byte key by default, 32 for
 *       aes-128-xts), sha256; key slot 0 active (0x00AC71F3), slots 1-7 0x0000DEAD, 4000 stripes; key material of
 *       slot i at sector 8 + i * 504 and the payload at sector 4040 (2068480 bytes) for a 64-byte key (256 and
 *       2056 for 32 bytes). Key material is encrypted like the payload, its sectors numbered from 0. PBKDF2
 *       iterations: key slot = r(key) * iter-time, master key digest = r(20 bytes) * iter-time / 8, at least
 *       1000, where r(n) is the measured iterations per second for an n-byte output. qcow2 numbers LUKS
 *       sectors by host offset; a raw LUKS file from the start of the payload.</li>
 * </ul>
 * {@link org.novalab.disk.crypto.SectorCipher} is the only thing the image formats need at run time.
 */
package org.novalab.disk.crypto;
