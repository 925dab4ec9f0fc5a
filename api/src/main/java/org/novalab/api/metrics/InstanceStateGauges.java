package org.novalab.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.novalab.compute.state.VmState;

/**
 * {@code novalab_instances{vm_state=...}}: how many instances are in each of Nova's vm states, one gauge per state
 * (0 when none, so a graph has every line). The counts come from one grouped query, run at most once per
 * {@code maxAge} however often Prometheus scrapes: a scrape never waits for more than one query.
 */
public final class InstanceStateGauges {
    private final Supplier<Map<String, Long>> counter;
    private final Clock clock;
    private final Duration maxAge;
    private Map<String, Long> counts = Map.of();
    private Instant readAt = Instant.MIN;

    private InstanceStateGauges(Supplier<Map<String, Long>> counter, Clock clock, Duration maxAge) {
        this.counter = counter;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** @param counter the count of instances per vm_state id ({@code active}, {@code error}, ...) */
    public static InstanceStateGauges register(MeterRegistry registry, Supplier<Map<String, Long>> counter,
                                               Clock clock, Duration maxAge) {
        InstanceStateGauges gauges = new InstanceStateGauges(counter, clock, maxAge);
        for (VmState state : VmState.values()) {
            Gauge.builder("novalab.instances", gauges, g -> g.count(state.id()))
                    .description("Instances by Nova vm_state").tag("vm_state", state.id())
                    .strongReference(true) // nothing else holds the gauges' cache
                    .register(registry);
        }
        return gauges;
    }

    synchronized double count(String vmState) {
        Instant now = clock.instant();
        if (readAt.equals(Instant.MIN) || readAt.plus(maxAge).isBefore(now)) {
            counts = counter.get();
            readAt = now;
        }
        return counts.getOrDefault(vmState, 0L);
    }
}
