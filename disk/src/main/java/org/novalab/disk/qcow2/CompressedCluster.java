package org.novalab.disk.qcow2;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.UnsupportedImage;

/**
 * A compressed cluster (qcow2 spec, "Compressed Clusters Descriptor"): raw deflate data starting at a byte offset,
 * spanning the sector that holds it plus a count of further 512-byte sectors. Inflates to exactly one cluster.
 */
final class CompressedCluster {
    private CompressedCluster() {
    }

    /** Host byte offset of the compressed data. */
    static long offset(long entry, int clusterBits) {
        int x = 62 - (clusterBits - 8);
        return entry & ((1L << x) - 1);
    }

    /** Bytes from {@link #offset} to the end of the last sector the compressed data may use. */
    static long length(long entry, int clusterBits) {
        int x = 62 - (clusterBits - 8);
        long sectors = ((entry >>> x) & ((1L << (clusterBits - 8)) - 1)) + 1;
        long offset = offset(entry, clusterBits);
        return (offset & ~511L) + sectors * 512 - offset;
    }

    static byte[] inflate(ImageFile file, long entry, Qcow2Header header) {
        if (header.compressionType() != 0) {
            throw new UnsupportedImage("'" + file.path() + "': zstd compressed clusters are not supported");
        }
        int clusterBits = header.clusterBits();
        long offset = offset(entry, clusterBits);
        long length = length(entry, clusterBits);
        if (offset >= file.size() || length > 2L << clusterBits) {
            throw new CorruptImage("'" + file.path() + "': compressed cluster at offset 0x" + Long.toHexString(offset)
                    + " is beyond the end of the file or too long");
        }
        byte[] packed = new byte[(int) length];
        file.readZeroPadded(offset, packed, 0, packed.length);
        byte[] cluster = new byte[1 << clusterBits];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(packed);
            int n = 0;
            while (n < cluster.length && !inflater.finished()) {
                int got = inflater.inflate(cluster, n, cluster.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != cluster.length) {
                throw new CorruptImage("'" + file.path() + "': compressed cluster at offset 0x"
                        + Long.toHexString(offset) + " inflates to " + n + " bytes, not a whole cluster");
            }
            return cluster;
        } catch (DataFormatException e) {
            throw new CorruptImage("'" + file.path() + "': bad compressed cluster at offset 0x"
                    + Long.toHexString(offset) + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
