package org.novalab.api.compute.host;

import java.time.Duration;

/**
 * Nova's service group timing: each service beats every {@code report_interval} and counts as down once its last
 * beat is older than {@code service_down_time}. Nova's defaults are 10 s and 60 s; a lab that wants a killed host
 * to show down sooner lowers both, keeping the down time above the interval (Nova warns when it is not).
 */
public record ServiceGroup(Duration reportInterval, Duration downTime) {
    public static final ServiceGroup NOVA_DEFAULTS = new ServiceGroup(Duration.ofSeconds(10), Duration.ofSeconds(60));

    public ServiceGroup {
        if (reportInterval.isNegative() || reportInterval.isZero()) {
            throw new IllegalArgumentException("report_interval must be at least 1 second");
        }
        if (downTime.compareTo(reportInterval) <= 0) {
            throw new IllegalArgumentException("service_down_time (" + downTime.toSeconds() + " s) must be longer "
                    + "than report_interval (" + reportInterval.toSeconds() + " s): every service would be seen down "
                    + "between two of its beats");
        }
    }
}
