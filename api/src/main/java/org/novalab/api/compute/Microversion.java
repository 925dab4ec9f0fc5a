package org.novalab.api.compute;

import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.ApiException;

/**
 * Nova's API microversion: asked for with {@code OpenStack-API-Version: compute 2.x} (or the older
 * {@code X-OpenStack-Nova-API-Version}), answered in the same headers. 2.1 when not asked.
 */
public record Microversion(int minor) implements Comparable<Microversion> {
    public static final Microversion MIN = new Microversion(1);
    /**
     * The newest behaviour novalab implements: what Tempest 33 tests, up to 2.90 (the server's {@code hostname}).
     * The microversions between 2.80 and 2.90 change APIs novalab does not serve (server migrations, image cache,
     * volume attachments, rescue) or are implemented where their API is (os-migrations in 2.80, the accelerator
     * event in 2.82, instance action event details in 2.84, flavor extra specs in 2.86, hypervisors in 2.88).
     */
    public static final Microversion MAX = new Microversion(90);
    private static final String KEY = "novalab.microversion";

    public static Microversion parse(String text) {
        String v = text.trim();
        if (v.equalsIgnoreCase("latest")) {
            return MAX;
        }
        if (!v.matches("2\\.\\d{1,3}")) {
            throw new ApiException(400, "Invalid API version request string: " + text);
        }
        Microversion asked = new Microversion(Integer.parseInt(v.substring(2)));
        if (asked.compareTo(MIN) < 0 || asked.compareTo(MAX) > 0) {
            throw new ApiException(406, "Version " + v + " is not supported by the API. Minimum is " + MIN
                    + " and maximum is " + MAX + ".");
        }
        return asked;
    }

    /** Reads the request's microversion, remembers it and answers it in the response headers. */
    public static void negotiate(RoutingContext ctx) {
        String header = ctx.request().getHeader("OpenStack-API-Version");
        String asked = null;
        if (header != null) {
            String h = header.trim();
            if (h.toLowerCase().startsWith("compute ")) {
                asked = h.substring("compute ".length());
            }
        }
        if (asked == null) {
            asked = ctx.request().getHeader("X-OpenStack-Nova-API-Version");
        }
        Microversion v = asked == null ? MIN : parse(asked);
        ctx.put(KEY, v);
        ctx.response().putHeader("OpenStack-API-Version", "compute " + v)
                .putHeader("X-OpenStack-Nova-API-Version", v.toString())
                .putHeader("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
    }

    public static Microversion of(RoutingContext ctx) {
        Microversion v = ctx.get(KEY);
        return v == null ? MIN : v;
    }

    public boolean atLeast(int minorVersion) {
        return minor >= minorVersion;
    }

    /** A route Nova serves only up to 2.{@code max}: at a later microversion Nova finds no such resource. */
    public void requireAtMost(int max) {
        if (atLeast(max + 1)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }

    @Override
    public int compareTo(Microversion o) {
        return Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return "2." + minor;
    }
}
