package org.novalab.disk.crypto.bench;

import java.util.Locale;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksVolume;

/**
 * Wall time of LUKS1 key setup (format = calibration + key slot + master key digest; open = key slot + digest),
 * to compare with qemu-img's ~2.3 s at iter-time=10 and ~4.5 s at the default 2000 ms. A measurement, not a test:
 * {@code java -cp disk/target/classes:disk/target/test-classes org.novalab.disk.crypto.bench.KeySetupTiming}.
 */
public final class KeySetupTiming {
    private KeySetupTiming() {
    }

    public static void main(String[] args) {
        Luks1.format(Passphrase.of("warm-up"), LuksParams.withIterations(20000)).close();
        time("format iter-time=10 ms", new LuksParams(512, "sha256", null, 10));
        time("format iter-time=2000 ms (qemu default)", LuksParams.QEMU_DEFAULT);
        time("format 44102 iterations (qemu-img's count at iter-time=10 here)", LuksParams.withIterations(44102));
    }

    private static void time(String what, LuksParams params) {
        long start = System.nanoTime();
        try (LuksVolume volume = Luks1.format(Passphrase.of("123456"), params)) {
            long formatted = System.nanoTime();
            Luks1.open(volume.headerBytes(), Passphrase.of("123456")).close();
            long opened = System.nanoTime();
            System.out.printf(Locale.ROOT, "%-64s format %6.0f ms  open %6.0f ms  (slot %d, digest %d iterations)%n",
                    what, (formatted - start) / 1e6, (opened - formatted) / 1e6,
                    volume.header().keySlots().get(0).iterations(), volume.header().masterKeyDigestIterations());
        }
    }
}
