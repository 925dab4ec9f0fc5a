package org.novalab.api.compute.keypair;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * RSA 2048 key pairs made ahead of the request that hands one out. Finding two 1024-bit primes takes 50 ms to
 * several hundred on a busy core, with a long tail, and Nova's key pair create waits for it; here a request takes a
 * pair made earlier by a background thread (or makes one itself when none is ready) and the thread makes the next.
 * A pair is taken by exactly one request and never kept after it. The reserve is small and starts with the first
 * request, so a server that never generates a key pair never spends CPU on one; the thread ends when idle.
 */
final class RsaKeyReserve {
    private static final int SIZE = 2048;
    private static final int RESERVE = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlockingQueue<KeyPair> ready = new ArrayBlockingQueue<>(RESERVE);
    private final AtomicBoolean filling = new AtomicBoolean();
    private final ThreadPoolExecutor filler;

    RsaKeyReserve() {
        filler = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "novalab-rsa-keys");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        filler.allowCoreThreadTimeOut(true);
    }

    /** A fresh key pair nobody else has been given. */
    KeyPair take() {
        KeyPair pair = ready.poll();
        refill();
        return pair != null ? pair : generate();
    }

    private void refill() {
        if (filling.compareAndSet(false, true)) {
            filler.execute(() -> {
                try {
                    while (ready.remainingCapacity() > 0) {
                        ready.offer(generate());
                    }
                } finally {
                    filling.set(false);
                }
            });
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(SIZE, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
