package org.novalab.api.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/** Runs database and disk work on a Vert.x worker thread and writes its {@link Reply} back on the event loop. */
public final class Blocking {
    private final Vertx vertx;

    public Blocking(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The JSON is encoded on the worker too: a list of 1000 servers is a megabyte the event loop should not build. */
    public void reply(RoutingContext ctx, Callable<Reply> work) {
        String requestId = RequestId.of(ctx);
        vertx.executeBlocking(() -> {
            // what the work logs (and casts to the compute workers) names the request it serves
            try (MDC.MDCCloseable ignored = MDC.putCloseable(RequestId.MDC_KEY, requestId)) {
                Reply reply = work.call();
                return new Encoded(reply, reply.body() == null ? null : reply.body().toBuffer());
            }
        }, false).onComplete(result -> {
            if (result.failed()) {
                ErrorMapper.respond(ctx, result.cause());
            } else {
                send(ctx, result.result().reply(), result.result().body());
            }
        });
    }

    private record Encoded(Reply reply, Buffer body) {
    }

    public static void send(RoutingContext ctx, Reply reply) {
        send(ctx, reply, reply.body() == null ? null : reply.body().toBuffer());
    }

    private static void send(RoutingContext ctx, Reply reply, Buffer body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(reply.status());
        reply.headers().forEach(ctx.response()::putHeader);
        if (body == null) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("Content-Type", "application/json").end(body);
        }
    }
}
