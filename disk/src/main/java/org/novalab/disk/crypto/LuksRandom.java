package org.novalab.disk.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The random bytes of a new LUKS volume (master key, salts, the anti-forensic stripes): a NIST SP 800-90A DRBG at
 * 256-bit strength per thread, seeded from the operating system. The JDK's default {@code NativePRNG} mixes every
 * byte it reads from {@code /dev/urandom} with a SHA1PRNG under one lock for the whole JVM: 4-6 ms for the 256 KB of
 * stripes a key slot takes, most of a LUKS create, and builds on several threads waited for each other on it.
 */
final class LuksRandom {
    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(LuksRandom::newDrbg);

    private LuksRandom() {
    }

    static SecureRandom current() {
        return PER_THREAD.get();
    }

    private static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            // every JDK since 9 has it; a JVM without it still gets a strong generator
            return new SecureRandom();
        }
    }
}
