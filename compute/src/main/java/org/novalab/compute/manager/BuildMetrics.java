package org.novalab.compute.manager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.novalab.compute.BuildPhase;
import org.novalab.compute.BuildTimings;

/**
 * What a compute host's builds and actions did, for /metrics: boots, failures by reason (a guest that did not boot
 * on a running domain is one), build time, the time of each build phase and of each instance action. Every label
 * takes a bounded set of values (phase names, action verbs, exception class names), never an id.
 */
public final class BuildMetrics implements BuildTimings {
    /** The reason of a build whose domain runs but whose console says the guest found nothing to boot. */
    public static final String GUEST_DID_NOT_BOOT = "guest_did_not_boot";

    /** The histograms' range: a cache hit takes a millisecond, a convert of a big image minutes. */
    private static final Duration FASTEST = Duration.ofMillis(1);
    private static final Duration SLOWEST = Duration.ofMinutes(10);

    private final MeterRegistry registry;
    private final Counter boots;
    private final Timer buildTime;

    public BuildMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.boots = Counter.builder("novalab.boots").description("Instances built whose guest booted")
                .register(registry);
        this.buildTime = Timer.builder("novalab.build").description("Time from build start to ACTIVE or ERROR")
                .publishPercentileHistogram().minimumExpectedValue(FASTEST).maximumExpectedValue(SLOWEST)
                .register(registry);
        // at 0 from the start, so a graph of the failed boots has its line before the first one
        failures(GUEST_DID_NOT_BOOT);
    }

    private Counter failures(String reason) {
        return Counter.builder("novalab.boot.failures")
                .description("Builds that ended in ERROR or whose guest did not boot, by reason")
                .tag("reason", reason).register(registry);
    }

    public void booted(Duration took) {
        boots.increment();
        buildTime.record(took);
    }

    /** @param reason {@link #GUEST_DID_NOT_BOOT} or {@link #reasonOf} the build's exception */
    public void failed(Duration took, String reason) {
        failures(reason).increment();
        buildTime.record(took);
    }

    /** One instance action (stop, start, reboot, delete, resize, ...) ended, {@code ok} or {@code error}. */
    public void action(String action, boolean ok, Duration took) {
        Timer.builder("novalab.action").description("Instance actions on this compute host, by action and outcome")
                .tag("action", action).tag("outcome", ok ? "ok" : "error")
                .publishPercentileHistogram().minimumExpectedValue(FASTEST).maximumExpectedValue(SLOWEST)
                .register(registry).record(took);
    }

    @Override
    public void record(String action, BuildPhase phase, Duration took) {
        Timer.builder("novalab.build.phase").description("Time of each phase of a spawn, rebuild or unshelve")
                .tag("action", action).tag("phase", phase.label())
                .publishPercentileHistogram().minimumExpectedValue(FASTEST).maximumExpectedValue(SLOWEST)
                .register(registry).record(took);
    }

    /** A failure's reason label: its exception's class in snake case ({@code BootFailed} is {@code boot_failed}). */
    public static String reasonOf(Throwable e) {
        return e.getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
