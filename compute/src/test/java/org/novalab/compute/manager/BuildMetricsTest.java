package org.novalab.compute.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.novalab.compute.BootFailed;
import org.novalab.compute.BuildPhase;
import org.novalab.compute.FlavorDiskSmallerThanImage;
import org.novalab.compute.PhaseTimer;

/** What a host's builds put on /metrics: failures by a bounded reason, phases and actions by their names. */
class BuildMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BuildMetrics metrics = new BuildMetrics(registry);

    @Test
    void a_failure_is_counted_under_its_reason_and_timed_with_the_builds() {
        metrics.booted(Duration.ofSeconds(2));
        metrics.failed(Duration.ofSeconds(1), BuildMetrics.GUEST_DID_NOT_BOOT);
        metrics.failed(Duration.ofSeconds(1), BuildMetrics.GUEST_DID_NOT_BOOT);
        metrics.failed(Duration.ofMillis(5), "boot_failed");

        assertThat(registry.get("novalab.boots").counter().count()).isEqualTo(1);
        assertThat(registry.get("novalab.boot.failures").tag("reason", "guest_did_not_boot").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("novalab.boot.failures").tag("reason", "boot_failed").counter().count()).isEqualTo(1);
        assertThat(registry.get("novalab.build").timer().count()).isEqualTo(4);
        assertThat(registry.get("novalab.build").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4005);
    }

    @Test
    void a_reason_is_the_exceptions_class_in_snake_case_never_its_message() {
        assertThat(BuildMetrics.reasonOf(new BootFailed(java.util.UUID.randomUUID(), "guest 1234 refused", null)))
                .isEqualTo("boot_failed");
        assertThat(BuildMetrics.reasonOf(new FlavorDiskSmallerThanImage(1, 2)))
                .isEqualTo("flavor_disk_smaller_than_image");
        assertThat(BuildMetrics.reasonOf(new IllegalStateException("x"))).isEqualTo("illegal_state_exception");
    }

    @Test
    void phases_are_timed_by_action_and_phase_even_when_the_step_fails() {
        PhaseTimer timer = metrics.of("spawn");
        assertThat(timer.time(BuildPhase.FETCH, () -> "base")).isEqualTo("base");
        assertThatThrownBy(() -> timer.run(BuildPhase.GUEST_BOOT, () -> {
            throw new IllegalStateException("console unreadable");
        })).hasMessage("console unreadable");
        metrics.of("rebuild").run(BuildPhase.DISK, () -> { });

        assertThat(registry.get("novalab.build.phase").tags("action", "spawn", "phase", "fetch").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("novalab.build.phase").tags("action", "spawn", "phase", "guest_boot").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("novalab.build.phase").tags("action", "rebuild", "phase", "disk").timer().count())
                .isEqualTo(1);
        assertThat(registry.find("novalab.build.phase").tags("action", "spawn", "phase", "disk").timer()).isNull();
    }

    @Test
    void actions_are_timed_by_name_and_outcome() {
        metrics.action("stop", true, Duration.ofMillis(3));
        metrics.action("stop", false, Duration.ofMillis(4));
        metrics.action("hard_reboot", true, Duration.ofMillis(5));
        assertThat(registry.get("novalab.action").tags("action", "stop", "outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("novalab.action").tags("action", "stop", "outcome", "error").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("novalab.action").tags("action", "hard_reboot", "outcome", "ok").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
    }
}
