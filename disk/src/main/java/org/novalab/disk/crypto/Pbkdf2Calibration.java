package org.novalab.disk.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many PBKDF2 iterations this machine does per second, to turn qemu-img's {@code iter-time} into iteration
 * counts. Like QEMU it times one output block on one thread in thread CPU time, so other busy processes do not
 * shrink the count (the JVM reads a nanosecond thread clock; QEMU's coarser one is what makes qemu-img fail with
 * "Unable to get accurate CPU usage"); without a thread clock it falls back to wall time. Samples grow until one
 * lasts long enough to mean something, and the best of two such samples counts, so a run that the JIT had not yet
 * compiled cannot drag the figure down. A measurement is reused for ten minutes.
 */
final class Pbkdf2Calibration {
    private static final long MIN_SAMPLE_NANOS = 50_000_000L;
    private static final byte[] PASSWORD = "novalab-calibration".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT = new byte[LuksHeader.SALT_LENGTH];
    /** Measured rates, reused for a while: a server creating many volumes need not re-measure each time. */
    private static final Map<LuksHash, Measurement> RECENT = new ConcurrentHashMap<>();
    private static final long REUSE_NANOS = 10L * 60 * 1_000_000_000L;

    private Pbkdf2Calibration() {
    }

    private record Measurement(long iterationsPerSecond, long takenAt) {
    }

    /** Iterations per second of one PBKDF2 output block (one digest's worth of key) with {@code hash}. */
    static long iterationsPerSecond(LuksHash hash) {
        Measurement recent = RECENT.get(hash);
        long now = System.nanoTime();
        if (recent != null && now - recent.takenAt() < REUSE_NANOS) {
            return recent.iterationsPerSecond();
        }
        long measured = measure(hash);
        RECENT.put(hash, new Measurement(measured, now));
        return measured;
    }

    private static long measure(LuksHash hash) {
        LongSupplier clock = clock();
        long iterations = 1 << 12;
        long best = 0;
        int qualifying = 0;
        while (qualifying < 2) {
            long start = clock.getAsLong();
            Pbkdf2.derive(hash, PASSWORD, SALT, iterations, hash.digestLength());
            long elapsed = Math.max(1, clock.getAsLong() - start);
            if (elapsed >= MIN_SAMPLE_NANOS) {
                best = Math.max(best, iterations * 1_000_000_000L / elapsed);
                qualifying++;
            } else {
                // Aim a little past the threshold; grow at most 10x at a time (early runs are not yet compiled).
                long scaled = iterations * (MIN_SAMPLE_NANOS * 5 / 4) / elapsed;
                iterations = Math.max(iterations * 2, Math.min(scaled, iterations * 10));
            }
        }
        return Math.max(1, best);
    }

    private static LongSupplier clock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()
                && threads.getCurrentThreadCpuTime() > 0) {
            return threads::getCurrentThreadCpuTime;
        }
        return System::nanoTime;
    }
}
