package org.novalab.api.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/** Runs database and disk work on a Vert.x worker thread and writes its {@link Reply} back on the event loop. */
public final class Blocking {
    private final Vertx vertx;

    public Blocking(Vertx vertx) {
        this.vertx = vertx;
    }

    public void reply(RoutingContext ctx, Callable<Reply> work) {
        vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.failed()) {
                ErrorMapper.respond(ctx, result.cause());
            } else {
                send(ctx, result.result());
            }
        });
    }

    public static void send(RoutingContext ctx, Reply reply) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(reply.status());
        reply.headers().forEach(ctx.response()::putHeader);
        if (reply.body() == null) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("Content-Type", "application/json").end(reply.body().encode());
        }
    }
}
