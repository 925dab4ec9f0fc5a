package org.novalab.bench;

import java.util.concurrent.TimeUnit;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.LuksHash;
import org.novalab.disk.crypto.Pbkdf2;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * PBKDF2-HMAC-SHA256 at QEMU's minimum of 1000 iterations, as a lab LUKS create pays it: the key slot's 64-byte
 * key (two output blocks, so 2000 iterations of work) from the passphrase, and the master key digest (20 bytes, one
 * block).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Pbkdf2Bench {
    private Passphrase passphrase;
    private final byte[] salt = new byte[32];
    private final byte[] masterKey = new byte[64];

    @Setup
    public void setUp() {
        passphrase = Passphrase.of("bench-passphrase-0123456789");
        new java.util.Random(2).nextBytes(salt);
        new java.util.Random(3).nextBytes(masterKey);
    }

    @TearDown
    public void tearDown() {
        passphrase.close();
    }

    @Benchmark
    public byte[] keySlot1000Iterations() {
        return Pbkdf2.derive(LuksHash.SHA256, passphrase, salt, 1000, 64);
    }

    @Benchmark
    public byte[] masterKeyDigest1000Iterations() {
        return Pbkdf2.derive(LuksHash.SHA256, masterKey, salt, 1000, 20);
    }
}
