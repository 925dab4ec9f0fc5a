package org.novalab.api.http;

import io.vertx.ext.web.RoutingContext;

/** Absolute URLs in answers are built from the request's Host, so the catalog works on any address. */
public final class BaseUrl {
    private BaseUrl() {
    }

    public static String of(RoutingContext ctx) {
        String host = ctx.request().getHeader("Host");
        if (host == null || host.isBlank()) {
            host = ctx.request().authority() == null ? "127.0.0.1" : ctx.request().authority().toString();
        }
        return "http://" + host;
    }
}
