package org.novalab.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.novalab.compute.state.VmState;

/** novalab_instances: every vm_state has its gauge, and scrapes share one count query per period. */
class InstanceStateGaugesTest {
    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void every_state_has_a_gauge_and_one_query_answers_all_of_them_until_it_is_older_than_max_age() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HandClock clock = new HandClock();
        AtomicInteger queries = new AtomicInteger();
        Map<String, Long>[] table = new Map[] {Map.of("active", 3L, "error", 1L)};
        InstanceStateGauges.register(registry, () -> {
            queries.incrementAndGet();
            return table[0];
        }, clock, Duration.ofSeconds(5));

        assertThat(registry.find("novalab.instances").gauges()).hasSize(VmState.values().length);
        assertThat(value(registry, "active")).isEqualTo(3);
        assertThat(value(registry, "error")).isEqualTo(1);
        assertThat(value(registry, "stopped")).isZero();
        assertThat(queries).hasValue(1);

        table[0] = Map.of("active", 2L, "stopped", 1L);
        clock.now = clock.now.plusSeconds(5);
        assertThat(value(registry, "active")).as("still the last count").isEqualTo(3);
        clock.now = clock.now.plusSeconds(1);
        assertThat(value(registry, "active")).isEqualTo(2);
        assertThat(value(registry, "stopped")).isEqualTo(1);
        assertThat(value(registry, "error")).isZero();
        assertThat(queries).hasValue(2);
    }

    private static double value(SimpleMeterRegistry registry, String state) {
        return registry.get("novalab.instances").tag("vm_state", state).gauge().value();
    }
}
