package org.novalab.disk.crypto.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksHash;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.crypto.Pbkdf2;
import org.novalab.disk.crypto.QcowAes;
import org.novalab.disk.crypto.SectorCipher;

/**
 * Throughput of the sector ciphers through their public API, 64 KiB (one qcow2 cluster) per call, on 1 and 2
 * threads, and PBKDF2-HMAC-SHA256 iterations per second. A measurement, not a test: run it by hand with
 * {@code java -cp disk/target/classes:disk/target/test-classes org.novalab.disk.crypto.bench.CipherThroughput}
 * and compare with qemu-img (~230 MB/s aes-xts on one core here; its PBKDF2 does ~8.8 M iterations/s).
 */
public final class CipherThroughput {
    private static final int CLUSTER = 64 * 1024;
    private static final long WARM_UP_NANOS = 1_500_000_000L;
    private static final long MEASURE_NANOS = 3_000_000_000L;

    private CipherThroughput() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (LuksVolume xts256 = Luks1.format(Passphrase.of("bench"), LuksParams.withIterations(1000));
             LuksVolume xts128 = Luks1.format(Passphrase.of("bench"), new LuksParams(256, "sha256", 1000, null))) {
            SectorCipher cbc = QcowAes.cipher(Passphrase.of("bench"));
            for (int threads = 1; threads <= 2; threads++) {
                report("aes-256-xts-plain64 encrypt", threads, measure(xts256.cipher(), true, threads));
                report("aes-256-xts-plain64 decrypt", threads, measure(xts256.cipher(), false, threads));
                report("aes-128-xts-plain64 encrypt", threads, measure(xts128.cipher(), true, threads));
                report("aes-128-cbc-plain64 encrypt", threads, measure(cbc, true, threads));
                report("aes-128-cbc-plain64 decrypt", threads, measure(cbc, false, threads));
            }
        }
        pbkdf2();
    }

    private static void report(String what, int threads, double megabytesPerSecond) {
        System.out.printf(Locale.ROOT, "%-30s %d thread%s %8.0f MB/s%n", what, threads, threads == 1 ? " " : "s",
                megabytesPerSecond);
    }

    /** MB/s (10^6 bytes) summed over {@code threads} threads each transforming its own 4 MiB buffer in clusters. */
    private static double measure(SectorCipher cipher, boolean encrypt, int threads) throws InterruptedException {
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP_NANOS;
        long end = measureFrom + MEASURE_NANOS;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            byte[] buf = new byte[4 << 20];
            new Random(t).nextBytes(buf);
            Thread worker = new Thread(() -> {
                long sector = 0;
                long done = 0;
                while (true) {
                    for (int off = 0; off < buf.length; off += CLUSTER) {
                        if (encrypt) {
                            cipher.encrypt(sector, buf, off, CLUSTER);
                        } else {
                            cipher.decrypt(sector, buf, off, CLUSTER);
                        }
                        sector += CLUSTER / 512;
                    }
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    if (now >= measureFrom) {
                        done += buf.length;
                    }
                }
                bytes.addAndGet(done);
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return bytes.get() / (MEASURE_NANOS / 1e9) / 1e6;
    }

    private static void pbkdf2() {
        byte[] salt = new byte[32];
        for (int round = 0; round < 3; round++) {
            long iterations = 1_000_000;
            long start = System.nanoTime();
            Pbkdf2.derive(LuksHash.SHA256, "bench".getBytes(), salt, iterations, 32);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "pbkdf2-hmac-sha256 (one block)        %8.2f M iterations/s%n",
                    iterations / seconds / 1e6);
        }
    }
}
