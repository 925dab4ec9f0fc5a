package org.novalab.api.placement;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Placement's microversion, asked for with {@code OpenStack-API-Version: placement 1.x} ({@code latest} for the
 * newest), answered in the same header with {@code Vary}. 1.0 when not asked. novalab follows every microversion up
 * to 1.29 (what the openstack client's placement plugin negotiates); a version past it is placement's 406, whose
 * error names the range so that a client can fall back.
 */
public record PlacementMicroversion(int minor) {
    public static final PlacementMicroversion MIN = new PlacementMicroversion(0);
    public static final PlacementMicroversion MAX = new PlacementMicroversion(29);
    static final String HEADER = "OpenStack-API-Version";
    private static final String KEY = "novalab.placement.microversion";

    /**
     * The version the request asks for, or the error to answer instead (400 for a malformed one, 406 outside the
     * range).
     */
    static Optional<JsonObject> negotiate(RoutingContext ctx) {
        PlacementMicroversion v = MIN;
        String asked = asked(ctx.request().getHeader(HEADER));
        if (asked != null) {
            if (asked.equalsIgnoreCase("latest")) {
                v = MAX;
            } else if (!asked.matches("1\\.(0|[1-9]\\d{0,2})")) {
                return Optional.of(error(400, "Bad Request", "invalid version string: " + asked));
            } else {
                v = new PlacementMicroversion(Integer.parseInt(asked.substring(2)));
                if (v.minor > MAX.minor) {
                    JsonObject e = error(406, "Not Acceptable", "Unacceptable version header: " + asked);
                    e.getJsonArray("errors").getJsonObject(0).put("max_version", MAX.toString())
                            .put("min_version", MIN.toString());
                    return Optional.of(e);
                }
            }
        }
        ctx.put(KEY, v);
        ctx.response().putHeader(HEADER, "placement " + v).putHeader("Vary", HEADER);
        return Optional.empty();
    }

    private static String asked(String header) {
        if (header == null) {
            return null;
        }
        String asked = null;
        for (String part : header.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length == 2 && words[0].equalsIgnoreCase("placement")) {
                asked = words[1];
            }
        }
        return asked;
    }

    static PlacementMicroversion of(RoutingContext ctx) {
        PlacementMicroversion v = ctx.get(KEY);
        return v == null ? MIN : v;
    }

    /** Placement's error body: {@code {"errors": [{"status", "title", "detail", "code"}]}}. */
    static JsonObject error(int status, String title, String detail) {
        return new JsonObject().put("errors", new JsonArray().add(new JsonObject().put("status", status)
                .put("title", title).put("detail", detail).put("code", "placement.undefined_code")));
    }

    public boolean atLeast(int minorVersion) {
        return minor >= minorVersion;
    }

    @Override
    public String toString() {
        return "1." + minor;
    }
}
