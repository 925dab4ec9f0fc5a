package org.novalab.api.compute;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two ways Nova writes a time: {@code 2012-08-20T21:11:09Z} in servers, Python's isoformat of a row's time elsewhere. */
public final class NovaTime {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private NovaTime() {
    }

    /** {@code 2014-05-07T12:06:13.681238}: a database time as Nova's views show it (isoformat, UTC, no zone). */
    public static String micros(Instant t) {
        return t == null ? null : MICROS.format(t);
    }

    /** {@code 2012-08-20T21:11:09Z}. */
    public static String seconds(Instant t) {
        return t == null ? null : SECONDS.format(t);
    }
}
