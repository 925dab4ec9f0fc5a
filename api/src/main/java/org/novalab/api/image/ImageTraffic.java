package org.novalab.api.image;

import io.vertx.ext.web.RoutingContext;

/** How many bytes of image data a download sent, kept on its request for the HTTP metrics to count. */
public final class ImageTraffic {
    private static final String SENT = "novalab.image.sent";

    private ImageTraffic() {
    }

    static void sent(RoutingContext ctx, long bytes) {
        ctx.put(SENT, bytes);
    }

    /** The image bytes this request sent (0 when it sent none). */
    public static long sentOf(RoutingContext ctx) {
        Long sent = ctx.get(SENT);
        return sent == null ? 0 : sent;
    }
}
