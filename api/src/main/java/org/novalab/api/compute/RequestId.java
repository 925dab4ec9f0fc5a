package org.novalab.api.compute;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The id of the request an instance action is recorded under (Nova's {@code req-<uuid>}): the one the response
 * already carries in {@code x-openstack-request-id} when a handler before set it, a new one otherwise (kept on the
 * routing context, so one request has one id). A server create, delete and action answer it in that header.
 */
public final class RequestId {
    /** The header Nova answers the request id in; the requests an action is recorded under answer it. */
    public static final String HEADER = "x-openstack-request-id";
    private static final String KEY = "novalab.compute.request-id";

    private RequestId() {
    }

    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        if (id == null) {
            String answered = ctx.response().headers().get(HEADER);
            id = answered != null && answered.startsWith("req-") ? answered : "req-" + UUID.randomUUID();
            ctx.put(KEY, id);
        }
        return id;
    }
}
