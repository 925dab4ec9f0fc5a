package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The short memory of passwords just proven right: it only ever answers yes for the right password, in time. */
class RecentlyVerifiedTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentlyVerified recent = new RecentlyVerified(now::get);

    @Test
    void a_password_proven_right_is_known_for_its_stored_hash_only() {
        recent.remember("pw-dee", "pbkdf2-sha256$60000$salt1$hash1");
        assertThat(recent.proven("pw-dee", "pbkdf2-sha256$60000$salt1$hash1")).isTrue();
        assertThat(recent.proven("pw-deE", "pbkdf2-sha256$60000$salt1$hash1")).as("a wrong guess").isFalse();
        assertThat(recent.proven("pw-dee", "pbkdf2-sha256$60000$salt2$hash2")).as("after a rehash").isFalse();
    }

    @Test
    void a_proof_expires_after_its_ttl() {
        recent.remember("pw", "stored");
        now.addAndGet(RecentlyVerified.TTL.toNanos() - 1);
        assertThat(recent.proven("pw", "stored")).isTrue();
        now.addAndGet(1);
        assertThat(recent.proven("pw", "stored")).isFalse();
    }

    @Test
    void it_keeps_at_most_its_capacity_dropping_the_least_recently_used() {
        recent.remember("first", "stored-0");
        for (int i = 1; i <= RecentlyVerified.CAPACITY; i++) {
            recent.remember("pw", "stored-" + i);
        }
        assertThat(recent.proven("first", "stored-0")).isFalse();
        assertThat(recent.proven("pw", "stored-" + RecentlyVerified.CAPACITY)).isTrue();
    }

    @Test
    void a_second_process_knows_nothing_of_the_first() {
        recent.remember("pw", "stored");
        assertThat(new RecentlyVerified(now::get).proven("pw", "stored")).isFalse();
    }
}
