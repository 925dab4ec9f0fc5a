package org.novalab.api.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords proven right a moment ago, so the next login with the same password skips the PBKDF2 derivation (a
 * user made and logged in at once, as Tempest's dynamic credentials and a classroom's student accounts do, pays
 * one derivation, not two). Only the right password of an unchanged stored hash is remembered, as an HMAC under a
 * key made for this process and never written anywhere; a wrong guess never matches here and always pays the full
 * derivation, so online guessing costs what it did. Entries live {@link #TTL} from when they were proven and at
 * most {@link #CAPACITY} are kept (least recently used go first); a rehash (a new password) misses by its new
 * stored value.
 */
final class RecentlyVerified {
    static final Duration TTL = Duration.ofMinutes(5);
    static final int CAPACITY = 4096;

    private record Proof(byte[] mac, long expiresAtNanos) {
    }

    private final SecretKeySpec key;
    private final LongSupplier nanos;
    private final Map<String, Proof> proofs = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Proof> eldest) {
            return size() > CAPACITY;
        }
    };

    RecentlyVerified() {
        this(System::nanoTime);
    }

    RecentlyVerified(LongSupplier nanos) {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.nanos = nanos;
    }

    /** Whether {@code password} was proven right for {@code stored} within the TTL. */
    boolean proven(String password, String stored) {
        Proof p;
        synchronized (proofs) {
            p = proofs.get(stored);
        }
        return p != null && nanos.getAsLong() - p.expiresAtNanos() < 0
                && MessageDigest.isEqual(p.mac(), mac(password, stored));
    }

    /** Remembers that {@code password} is the right one for {@code stored}. */
    void remember(String password, String stored) {
        Proof p = new Proof(mac(password, stored), nanos.getAsLong() + TTL.toNanos());
        synchronized (proofs) {
            proofs.put(stored, p);
        }
    }

    private byte[] mac(String password, String stored) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(stored.getBytes(StandardCharsets.UTF_8));
            m.update((byte) 0);
            return m.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
