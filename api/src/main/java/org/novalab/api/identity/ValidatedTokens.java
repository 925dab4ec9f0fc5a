package org.novalab.api.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently validated tokens by hash, so a burst of requests reads the database once. Any change to identity
 * clears it; an entry is also re-read after a few seconds, so a token revoked by another server sharing the
 * database (or a user it deleted) stops working there soon too.
 */
final class ValidatedTokens {
    private static final Duration FRESH = Duration.ofSeconds(5);
    private static final int MAX = 10_000;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(AuthContext context, Instant readAt) {
    }

    ValidatedTokens(Clock clock) {
        this.clock = clock;
    }

    AuthContext get(String hash) {
        Entry e = entries.get(hash);
        if (e == null) {
            return null;
        }
        if (clock.instant().isAfter(e.readAt().plus(FRESH))) {
            entries.remove(hash);
            return null;
        }
        return e.context();
    }

    void put(String hash, AuthContext context) {
        if (entries.size() > MAX) {
            entries.clear();
        }
        entries.put(hash, new Entry(context, clock.instant()));
    }

    void remove(String hash) {
        entries.remove(hash);
    }

    void clear() {
        entries.clear();
    }
}
