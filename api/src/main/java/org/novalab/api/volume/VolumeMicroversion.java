package org.novalab.api.volume;

import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.ApiException;

/**
 * Cinder's v3 microversion, asked for with {@code OpenStack-API-Version: volume 3.x} ({@code latest} for the newest)
 * and answered in the same header with {@code Vary}, on errors too. 3.0 when not asked; a version outside the range
 * is 406, as Cinder's InvalidGlobalAPIVersion.
 */
public record VolumeMicroversion(int minor) implements Comparable<VolumeMicroversion> {
    public static final VolumeMicroversion MIN = new VolumeMicroversion(0);
    /** What novalab's answers follow: the fields of every microversion up to 3.70 that touch what it serves. */
    public static final VolumeMicroversion MAX = new VolumeMicroversion(70);
    static final String HEADER = "OpenStack-API-Version";
    private static final String KEY = "novalab.volume.microversion";

    public static VolumeMicroversion parse(String text) {
        String v = text.trim();
        if (v.equalsIgnoreCase("latest")) {
            return MAX;
        }
        if (!v.matches("3\\.\\d{1,3}")) {
            throw ApiException.badRequest("API Version String " + v + " is of invalid format. Must be of format "
                    + "MajorNum.MinorNum.");
        }
        VolumeMicroversion asked = new VolumeMicroversion(Integer.parseInt(v.substring(2)));
        if (asked.compareTo(MAX) > 0) {
            throw new ApiException(406, "Version " + v + " is not supported by the API. Minimum is " + MIN
                    + " and maximum is " + MAX + ".");
        }
        return asked;
    }

    /** Reads the request's version (the {@code volume} entry of the header), remembers it and answers it. */
    static void negotiate(RoutingContext ctx) {
        VolumeMicroversion v = MIN;
        ctx.response().putHeader(HEADER, "volume " + v).putHeader("Vary", HEADER);
        String header = ctx.request().getHeader(HEADER);
        if (header != null) {
            String asked = null;
            for (String part : header.split(",")) {
                String[] words = part.trim().split("\\s+");
                if (words.length == 2 && words[0].equalsIgnoreCase("volume")) {
                    asked = words[1];
                }
            }
            if (asked != null) {
                v = parse(asked);
            }
        }
        ctx.put(KEY, v);
        ctx.response().putHeader(HEADER, "volume " + v);
    }

    static VolumeMicroversion of(RoutingContext ctx) {
        VolumeMicroversion v = ctx.get(KEY);
        return v == null ? MIN : v;
    }

    public boolean atLeast(int minorVersion) {
        return minor >= minorVersion;
    }

    @Override
    public int compareTo(VolumeMicroversion o) {
        return Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return "3." + minor;
    }
}
