package org.novalab.disk.qcow2;

import java.util.stream.IntStream;

/**
 * Spreads the encryption of a large run of independent sectors over the available cores (each sector's IV or
 * tweak depends only on its own number, so the pieces do not interact). Small runs stay on the calling thread.
 */
final class ParallelCipher implements ClusterCipher {
    private static final int MIN_PARALLEL = 256 * 1024;
    private static final int PIECE_ALIGN = 4096;

    private final ClusterCipher cipher;
    private final int cores;

    ParallelCipher(ClusterCipher cipher) {
        this.cipher = cipher;
        this.cores = Runtime.getRuntime().availableProcessors();
    }

    @FunctionalInterface
    private interface Piece {
        void run(long guestOffset, long hostOffset, byte[] buf, int off, int len);
    }

    private void split(long guestOffset, long hostOffset, byte[] buf, int off, int len, Piece piece) {
        if (len < MIN_PARALLEL || cores < 2) {
            piece.run(guestOffset, hostOffset, buf, off, len);
            return;
        }
        int parts = Math.min(cores * 2, len / (MIN_PARALLEL / 2));
        int step = (len / parts + PIECE_ALIGN - 1) / PIECE_ALIGN * PIECE_ALIGN;
        IntStream.range(0, (len + step - 1) / step).parallel().forEach(i -> {
            int start = i * step;
            int n = Math.min(step, len - start);
            piece.run(guestOffset + start, hostOffset + start, buf, off + start, n);
        });
    }

    @Override
    public void encrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len) {
        split(guestOffset, hostOffset, buf, off, len, cipher::encrypt);
    }

    @Override
    public void decrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len) {
        split(guestOffset, hostOffset, buf, off, len, cipher::decrypt);
    }
}
