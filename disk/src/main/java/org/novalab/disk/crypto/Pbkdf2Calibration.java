package org.novalab.disk.crypto;

/**
 * How many PBKDF2 iterations this machine does per second, to turn qemu-img's {@code iter-time} into iteration
 * counts. QEMU measures one output block on one thread; so does this, by wall clock (the thread CPU clock of some
 * VMs is too coarse, which is what makes qemu-img fail with "Unable to get accurate CPU usage"). The run grows
 * until it lasts long enough to be meaningful, which also gets the JIT past its warm-up.
 */
final class Pbkdf2Calibration {
    private static final long MIN_SAMPLE_NANOS = 100_000_000L;
    private static final byte[] PASSWORD = "novalab-calibration".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SALT = new byte[LuksHeader.SALT_LENGTH];

    private Pbkdf2Calibration() {
    }

    /** Iterations per second of one PBKDF2 output block (one digest's worth of key) with {@code hash}. */
    static long iterationsPerSecond(LuksHash hash) {
        long iterations = 1 << 12;
        while (true) {
            long start = System.nanoTime();
            Pbkdf2.derive(hash, PASSWORD, SALT, iterations, hash.digestLength());
            long elapsed = Math.max(1, System.nanoTime() - start);
            if (elapsed >= MIN_SAMPLE_NANOS) {
                return Math.max(1, iterations * 1_000_000_000L / elapsed);
            }
            // Aim a little past the threshold; grow at most 10x at a time (the first runs are not yet compiled).
            long scaled = iterations * (MIN_SAMPLE_NANOS * 5 / 4) / elapsed;
            iterations = Math.max(iterations * 2, Math.min(scaled, iterations * 10));
        }
    }
}
