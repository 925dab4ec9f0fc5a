package org.novalab.compute.manager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Boots, failures and build time, for /metrics. */
public final class BuildMetrics {
    private final Counter boots;
    private final Counter failures;
    private final Timer buildTime;

    public BuildMetrics(MeterRegistry registry) {
        this.boots = Counter.builder("novalab.boots").description("Instances built and booted").register(registry);
        this.failures = Counter.builder("novalab.boot.failures").description("Builds that ended in ERROR")
                .register(registry);
        this.buildTime = Timer.builder("novalab.build").description("Time from build start to ACTIVE or ERROR")
                .publishPercentileHistogram().register(registry);
    }

    public void booted(Duration took) {
        boots.increment();
        buildTime.record(took);
    }

    public void failed(Duration took) {
        failures.increment();
        buildTime.record(took);
    }
}
