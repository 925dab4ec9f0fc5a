package org.novalab.bench;

import java.util.concurrent.TimeUnit;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.crypto.SectorCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The LUKS payload cipher (aes-256-xts-plain64, a 512-bit key) of a real volume: one 512-byte sector, and one 64 KiB
 * qcow2 cluster (128 sectors), encrypted and decrypted in place. The ciphertext is fed back, so nothing is constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class XtsSectorBench {
    @Param({"512", "65536"})
    public int bytes;

    private LuksVolume volume;
    private SectorCipher cipher;
    private byte[] data;
    private long sector;

    @Setup(Level.Trial)
    public void setUp() {
        volume = Luks1.format(Passphrase.of("bench-passphrase"), LuksParams.withIterations(1000));
        cipher = volume.cipher();
        data = new byte[bytes];
        new java.util.Random(1).nextBytes(data);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        cipher.close();
        volume.close();
    }

    @Benchmark
    public byte[] encrypt() throws Exception {
        cipher.encrypt(sector++ & 0xFFFF, data, 0, data.length);
        return data;
    }

    @Benchmark
    public byte[] decrypt() throws Exception {
        cipher.decrypt(sector++ & 0xFFFF, data, 0, data.length);
        return data;
    }
}
