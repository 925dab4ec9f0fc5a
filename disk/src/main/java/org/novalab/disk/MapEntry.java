package org.novalab.disk;

/**
 * One extent of {@code qemu-img map --output=json}: where guest bytes [start, start+length) come from.
 *
 * @param depth    0 for the top image, 1 for its backing file, ...
 * @param zero     reads as zeros
 * @param data     stored data (false for unallocated/zero)
 * @param offset   the host offset in {@code filename}, or -1 when there is none
 * @param filename the file of the chain that holds the data
 * @param encrypted the stored bytes are ciphertext
 */
public record MapEntry(long start, long length, int depth, boolean zero, boolean data, long offset,
                       String filename, boolean encrypted) {
}
