package org.novalab.api.compute.usage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An instance usage audit period as Nova's default {@code instance_usage_audit_period = month} makes them: from the
 * 1st of a month, 00:00 UTC, to the 1st of the next. Times are UTC without a zone, as Nova keeps them.
 */
record AuditPeriod(LocalDateTime beginning, LocalDateTime ending) {
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Nova's {@code last_completed_audit_period}: the last month that ended before {@code before}. */
    static AuditPeriod lastCompletedBefore(LocalDateTime before) {
        LocalDateTime end = before.toLocalDate().withDayOfMonth(1).atStartOfDay();
        if (!end.isBefore(before)) {
            end = end.minusMonths(1);
        }
        return new AuditPeriod(end.minusMonths(1), end);
    }

    static AuditPeriod lastCompletedBefore(Instant before) {
        return lastCompletedBefore(LocalDateTime.ofInstant(before, ZoneOffset.UTC));
    }

    Instant begin() {
        return beginning.toInstant(ZoneOffset.UTC);
    }

    Instant end() {
        return ending.toInstant(ZoneOffset.UTC);
    }

    /** A time as Python's {@code str(datetime)} writes it, which is how Nova answers the period's ends. */
    static String python(LocalDateTime t) {
        String seconds = PYTHON.format(t);
        int micros = t.getNano() / 1000;
        return micros == 0 ? seconds : seconds + String.format(".%06d", micros);
    }
}
