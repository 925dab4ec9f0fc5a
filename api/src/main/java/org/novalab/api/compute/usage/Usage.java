package org.novalab.api.compute.usage;

import java.time.Duration;
import java.time.Instant;

/** A server (running or ended) as a usage report counts it. */
record Usage(String uuid, String name, String projectId, String flavorName, int vcpus, int memoryMb, int localGb,
        Instant createdAt, Instant launchedAt, Instant terminatedAt, String state) {
    /** Nova's {@code _hours_for}: the hours of the period it ran, from launch to termination (or the period's end). */
    double hours(Instant start, Instant stop) {
        if (terminatedAt != null && terminatedAt.isBefore(start)) {
            return 0;
        }
        if (launchedAt == null || launchedAt.isAfter(stop)) {
            return 0;
        }
        Instant from = launchedAt.isAfter(start) ? launchedAt : start;
        Instant to = terminatedAt != null && terminatedAt.isBefore(stop) ? terminatedAt : stop;
        return Duration.between(from, to).toNanos() / 3.6e12;
    }

    /** Nova's active-by-window: launched before the period ends, not terminated before it starts. */
    boolean activeIn(Instant start, Instant stop) {
        return launchedAt != null && launchedAt.isBefore(stop) && (terminatedAt == null || terminatedAt.isAfter(start));
    }
}
