package org.novalab.api.compute;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The id of the request an instance action is recorded under (Nova's {@code req-<uuid>}): the one the response
 * already carries in {@code x-openstack-request-id} when a handler before set it, a new one otherwise (kept on the
 * routing context, so one request has one id). A server create, delete and action answer it in that header and in
 * {@code x-compute-request-id}, as Nova does.
 */
public final class RequestId {
    /** The header Nova answers the request id in; the requests an action is recorded under answer it. */
    public static final String HEADER = "x-openstack-request-id";
    /** Nova's compute API answers the same id in this header too. */
    public static final String COMPUTE_HEADER = "x-compute-request-id";
    private static final String KEY = "novalab.compute.request-id";

    private RequestId() {
    }

    /** {@code reply} answering the request's id in both of Nova's headers. */
    public static org.novalab.api.http.Reply answered(org.novalab.api.http.Reply reply, RoutingContext ctx) {
        return reply.withHeader(HEADER, of(ctx)).withHeader(COMPUTE_HEADER, of(ctx));
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
